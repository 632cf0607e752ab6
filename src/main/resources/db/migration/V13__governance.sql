-- Protected environments, release freezes, change requests and token scopes (docs/governance.md).
-- V12 is left free for a migration of another branch.

-- Token scopes: the agents and environments a token may act on, as comma-separated patterns (a slug, or the start
-- of one followed by '*'). Null: every agent (environment), which is what every existing token keeps.
alter table api_token
    add column agent_scope text,
    add column environment_scope text,
    add constraint api_token_agent_scope_format check (agent_scope is null
        or agent_scope ~ '^[a-z0-9][a-z0-9-]{0,62}\*?(,[a-z0-9][a-z0-9-]{0,62}\*?)*$'),
    add constraint api_token_environment_scope_format check (environment_scope is null
        or environment_scope ~ '^[a-z0-9][a-z0-9-]{0,62}\*?(,[a-z0-9][a-z0-9-]{0,62}\*?)*$');

-- A token's scope is part of its identity, like its role: it never changes.
create or replace function tightrope_api_token_guard() returns trigger
    language plpgsql as
$$
begin
    if tg_op <> 'UPDATE' then
        raise exception 'api_token rows are never deleted: % is not allowed', tg_op
            using errcode = 'restrict_violation',
                  hint = 'Revoke the token instead (revokeApiToken).';
    end if;
    if new.id <> old.id or new.name <> old.name or new.role <> old.role or new.secret_hash <> old.secret_hash
            or new.prefix <> old.prefix or new.created_at <> old.created_at or new.created_by <> old.created_by
            or new.expires_at is distinct from old.expires_at
            or new.agent_scope is distinct from old.agent_scope
            or new.environment_scope is distinct from old.environment_scope
            or (old.revoked_at is not null and (new.revoked_at is distinct from old.revoked_at
                                                or new.revoked_by is distinct from old.revoked_by)) then
        raise exception 'Only the last use and a first revocation of an API token can change'
            using errcode = 'restrict_violation',
                  hint = 'Create a new token instead of changing an existing one.';
    end if;
    return new;
end;
$$;

-- A protected environment: for one agent, or (agent null) for every agent in an environment of that name. An
-- agent's own rule replaces the environment's.
create table protected_environment (
    id                   bigint generated always as identity primary key,
    agent                text,
    environment          text        not null,
    require_approval     boolean     not null,
    soak_environment     text,
    minimum_soak_seconds bigint,
    updated_at           timestamptz not null,
    updated_by           text        not null,
    constraint protected_environment_soak_complete
        check ((soak_environment is null) = (minimum_soak_seconds is null)),
    constraint protected_environment_soak_positive check (minimum_soak_seconds is null or minimum_soak_seconds > 0),
    constraint protected_environment_soak_elsewhere check (soak_environment is distinct from environment)
);
create unique index protected_environment_once on protected_environment ((coalesce(agent, '')), environment);

-- A release freeze: an explicit interval, or a window every week in local time of a zone (days 1 = Monday … 7).
create table release_freeze (
    id          bigint generated always as identity primary key,
    agent       text,
    environment text        not null,
    kind        text        not null,
    starts_at   timestamptz,
    ends_at     timestamptz,
    start_day   smallint,
    start_time  text,
    end_day     smallint,
    end_time    text,
    time_zone   text,
    reason      text        not null,
    created_at  timestamptz not null,
    created_by  text        not null,
    constraint release_freeze_kind check (kind in ('INTERVAL', 'WEEKLY')),
    constraint release_freeze_interval check (kind <> 'INTERVAL'
        or (starts_at is not null and ends_at is not null and ends_at > starts_at)),
    constraint release_freeze_weekly check (kind <> 'WEEKLY'
        or (start_day between 1 and 7 and end_day between 1 and 7 and start_time ~ '^[0-2][0-9]:[0-5][0-9]$'
            and end_time ~ '^[0-2][0-9]:[0-5][0-9]$' and time_zone is not null)),
    constraint release_freeze_reason check (char_length(reason) between 1 and 2000)
);
create index release_freeze_by_environment on release_freeze (environment);

-- A traffic change held for a second person's approval: the exact operation and arguments, and the deployment's
-- generation when it was asked for (it is applied only at that generation, else it becomes STALE).
create table change_request (
    id               bigint generated always as identity primary key,
    agent            text        not null,
    environment      text        not null,
    operation        text        not null,
    arguments        text        not null default '{}',
    reason           text        not null default '',
    generation       bigint      not null,
    trigger          text        not null,
    state            text        not null,
    requested_by     text        not null,
    requested_at     timestamptz not null,
    expires_at       timestamptz not null,
    decided_by       text,
    decided_at       timestamptz,
    decision_reason  text,
    event_generation bigint,
    outcome          text,
    constraint change_request_operation check (operation in ('DEPLOY', 'START_ROLLOUT', 'ADVANCE_ROLLOUT',
        'PROMOTE', 'PROMOTE_ENVIRONMENT')),
    constraint change_request_state check (state in ('PENDING', 'APPROVED', 'APPLIED', 'REJECTED', 'EXPIRED',
        'STALE', 'FAILED')),
    constraint change_request_arguments_object check (jsonb_typeof(arguments::jsonb) = 'object'),
    constraint change_request_expiry check (expires_at > requested_at)
);
create index change_request_open on change_request (expires_at) where state in ('PENDING', 'APPROVED');
create index change_request_by_agent on change_request (agent, id);
