-- Deployments, rollouts and their append-only event history (README, "Releasing a version").

create table deployment (
    id                bigint generated always as identity primary key,
    agent_id          bigint      not null references agent (id),
    environment       text        not null,
    stable_version    integer,
    generation        bigint      not null default 0,
    active_rollout_id bigint,
    updated_at        timestamptz not null,
    constraint deployment_environment_format check (environment ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    constraint deployment_unique unique (agent_id, environment),
    constraint deployment_generation_not_negative check (generation >= 0),
    constraint deployment_stable_fk foreign key (agent_id, stable_version)
        references agent_version (agent_id, number)
);

create table rollout (
    id               bigint generated always as identity primary key,
    deployment_id    bigint      not null references deployment (id),
    agent_id         bigint      not null,
    canary_version   integer     not null,
    baseline_version integer     not null,
    weight           integer     not null,
    salt             text        not null,
    status           text        not null,
    started_at       timestamptz not null,
    ended_at         timestamptz,
    constraint rollout_weight_percent check (weight between 0 and 100),
    constraint rollout_status check (status in ('RUNNING', 'PAUSED', 'PROMOTED', 'ROLLED_BACK')),
    constraint rollout_canary_fk foreign key (agent_id, canary_version) references agent_version (agent_id, number),
    constraint rollout_baseline_fk foreign key (agent_id, baseline_version) references agent_version (agent_id, number)
);

-- at most one running or paused rollout per deployment, whatever the application does
create unique index rollout_one_active_per_deployment on rollout (deployment_id) where status in ('RUNNING', 'PAUSED');

alter table deployment add constraint deployment_active_rollout_fk foreign key (active_rollout_id) references rollout (id);

create table deployment_event (
    id                  bigint generated always as identity primary key,
    deployment_id       bigint      not null references deployment (id),
    generation          bigint      not null,
    type                text        not null,
    trigger             text        not null,
    from_version        integer,
    to_version          integer,
    rollout_id          bigint references rollout (id),
    weight_before       integer,
    weight_after        integer,
    actor               text        not null,
    reason              text        not null default '',
    decided_at          timestamptz not null,
    committed_at        timestamptz not null,
    idempotency_key     text,
    request_fingerprint text,
    constraint deployment_event_generation_unique unique (deployment_id, generation),
    constraint deployment_event_type check (type in ('DEPLOYED', 'ROLLOUT_STARTED', 'ROLLOUT_ADVANCED',
        'ROLLOUT_PAUSED', 'ROLLOUT_RESUMED', 'PROMOTED', 'ROLLED_BACK')),
    constraint deployment_event_trigger check (trigger in ('API', 'DASHBOARD', 'SLACK', 'RULE', 'JUDGE',
        'CIRCUIT_BREAKER', 'DRILL', 'SCHEDULE')),
    constraint deployment_event_reason_length check (char_length(reason) <= 2000),
    constraint deployment_event_key_length check (char_length(idempotency_key) <= 200)
);

create unique index deployment_event_idempotency_key on deployment_event (idempotency_key)
    where idempotency_key is not null;
create index deployment_event_stable_changes on deployment_event (deployment_id, to_version, generation);

-- The history is append-only.
create trigger deployment_event_immutable
    before update or delete on deployment_event
    for each row execute function tightrope_reject_mutation();

create trigger deployment_event_no_truncate
    before truncate on deployment_event
    for each statement execute function tightrope_reject_mutation();

-- Every committed change of a deployment is announced to every instance (LISTEN tightrope_deployment), whoever
-- wrote it: the application, another instance, or an operator in psql. Payload: "<deployment id>:<generation>".
-- NOTIFY is transactional: listeners hear it only after the commit, and never for a rolled-back change.
create function tightrope_notify_deployment() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('tightrope_deployment', new.id || ':' || new.generation);
    return null;
end;
$$;

create trigger deployment_changed
    after insert or update on deployment
    for each row execute function tightrope_notify_deployment();
