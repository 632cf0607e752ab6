-- Which runtimes hold which configuration: their configChanged subscriptions, their acknowledgements, and per
-- traffic change whether every runtime connected at decision time has acknowledged it (README, "Releasing a version").

create table config_subscription (
    id              bigint generated always as identity primary key,
    agent_id        bigint      not null references agent (id),
    environment     text        not null,
    runtime_id      text        not null,
    instance_id     text        not null,
    connected_at    timestamptz not null,
    last_seen_at    timestamptz not null,
    disconnected_at timestamptz,
    constraint config_subscription_runtime_length check (char_length(runtime_id) between 1 and 200)
);

create index config_subscription_live on config_subscription (agent_id, environment) where disconnected_at is null;

-- the newest generation each runtime has acknowledged
create table config_ack (
    agent_id        bigint      not null references agent (id),
    environment     text        not null,
    runtime_id      text        not null,
    generation      bigint      not null,
    acknowledged_at timestamptz not null,
    primary key (agent_id, environment, runtime_id)
);

create table event_propagation (
    event_id          bigint primary key references deployment_event (id),
    deployment_id     bigint      not null references deployment (id),
    generation        bigint      not null,
    expected_runtimes text[]      not null,
    acknowledged      integer     not null default 0,
    status            text        not null,
    deadline          timestamptz not null,
    propagated_at     timestamptz,
    constraint event_propagation_status check (status in ('PENDING', 'ACKNOWLEDGED', 'TIMED_OUT', 'NO_RUNTIMES'))
);

create index event_propagation_pending on event_propagation (deployment_id, generation) where status = 'PENDING';
