-- Access control: API tokens and the append-only audit log (README, "Access control").

-- An API token. Only a SHA-256 hash of its secret is stored: a secret has at least 32 random bytes, so the hash
-- cannot be reversed or brute-forced, and a fast hash lets the unique index find a token by its secret.
create table api_token (
    id           bigint generated always as identity primary key,
    name         text        not null,
    role         text        not null,
    secret_hash  text        not null,
    -- the first characters of the secret (e.g. 'tr_AbCd1234'), so people can tell their tokens apart
    prefix       text        not null,
    created_at   timestamptz not null,
    created_by   text        not null,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    revoked_by   text,
    last_used_at timestamptz,
    constraint api_token_name_unique unique (name),
    constraint api_token_name_format check (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
    constraint api_token_role check (role in ('VIEWER', 'OPERATOR', 'ADMIN', 'RUNTIME')),
    constraint api_token_secret_hash_unique unique (secret_hash),
    constraint api_token_secret_hash_format check (secret_hash ~ '^[0-9a-f]{64}$'),
    constraint api_token_prefix_format check (prefix ~ '^tr_[A-Za-z0-9_-]{1,16}$'),
    constraint api_token_expiry_after_creation check (expires_at is null or expires_at > created_at),
    constraint api_token_revocation_complete check ((revoked_at is null) = (revoked_by is null))
);

-- A token keeps its identity, role and expiry for life; only its last use and one revocation are written later.
-- Rows are never deleted, so audit entries keep pointing at the token that acted.
create function tightrope_api_token_guard() returns trigger
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
            or (old.revoked_at is not null and (new.revoked_at is distinct from old.revoked_at
                                                or new.revoked_by is distinct from old.revoked_by)) then
        raise exception 'Only the last use and a first revocation of an API token can change'
            using errcode = 'restrict_violation',
                  hint = 'Create a new token instead of changing an existing one.';
    end if;
    return new;
end;
$$;

create trigger api_token_guarded
    before update or delete on api_token
    for each row execute function tightrope_api_token_guard();

create trigger api_token_no_truncate
    before truncate on api_token
    for each statement execute function tightrope_api_token_guard();

-- Every instance caches tokens in memory; a new or revoked token is announced to all of them (LISTEN
-- tightrope_api_token, payload: the token id) on commit, whoever wrote it.
create function tightrope_notify_api_token() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('tightrope_api_token', new.id::text);
    return null;
end;
$$;

create trigger api_token_changed
    after insert or update of revoked_at on api_token
    for each row execute function tightrope_notify_api_token();

-- Who did what, through which channel, with which arguments (secrets redacted) and with which outcome: one row per
-- mutation of the API, Slack command, scheduler or judge action, including refused and failed ones.
create table audit_log (
    id          bigint generated always as identity primary key,
    occurred_at timestamptz not null,
    actor       text        not null,
    token_id    bigint references api_token (id),
    source      text        not null,
    operation   text        not null,
    arguments   text        not null default '{}',
    outcome     text        not null,
    constraint audit_log_actor_length check (char_length(actor) between 1 and 200),
    constraint audit_log_source_format check (source ~ '^[A-Z][A-Z_]{1,39}$'),
    constraint audit_log_operation_length check (char_length(operation) between 1 and 100),
    constraint audit_log_outcome_format check (outcome ~ '^[A-Z][A-Z_]{1,39}$'),
    constraint audit_log_arguments_object check (jsonb_typeof(arguments::jsonb) = 'object')
);

create index audit_log_by_actor on audit_log (actor, id);
create index audit_log_by_operation on audit_log (operation, id);
create index audit_log_by_time on audit_log (occurred_at);

create function tightrope_reject_audit_change() returns trigger
    language plpgsql as
$$
begin
    raise exception 'The audit log is append-only: % is not allowed', tg_op
        using errcode = 'restrict_violation';
end;
$$;

create trigger audit_log_append_only
    before update or delete on audit_log
    for each row execute function tightrope_reject_audit_change();

create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function tightrope_reject_audit_change();
