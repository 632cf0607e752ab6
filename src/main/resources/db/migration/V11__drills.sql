-- Rollback drills (docs/drills.md) and what rollback statistics need from the rules.

-- When a rule's breach was first seen (the start of PENDING): a rule's time to detect is measured from here.
-- Null for alerts raised before this column existed.
alter table alert add column onset_at timestamptz;

-- One drill of one deployment: a rehearsal (DRY_RUN) or a real rollback and roll-forward (LIVE), and how it went.
-- Durations are milliseconds; null when the drill did not get that far (or the mode has no such step).
create table drill_result (
    id                      bigint generated always as identity primary key,
    deployment_id           bigint      not null references deployment (id),
    agent                   text        not null,
    environment             text        not null,
    mode                    text        not null,
    passed                  boolean     not null,
    scheduled               boolean     not null,
    actor                   text        not null,
    from_version            integer,
    to_version              integer,
    started_at              timestamptz not null,
    finished_at             timestamptz not null,
    check_millis            double precision,
    switch_millis           double precision,
    rollback_commit_millis  double precision,
    rollback_propagation_millis double precision,
    forward_commit_millis   double precision,
    forward_propagation_millis  double precision,
    runtimes_expected       integer,
    runtimes_acknowledged   integer,
    failure_reason          text,
    -- the schedule's slot a scheduled drill ran for: a slot runs once, even when instances take over from each other
    schedule_slot           timestamptz,
    constraint drill_mode check (mode in ('DRY_RUN', 'LIVE')),
    constraint drill_slot_once unique (deployment_id, schedule_slot)
);
create index drill_result_recent on drill_result (deployment_id, started_at desc);
create index drill_result_passing on drill_result (deployment_id, finished_at desc) where passed;

-- An agent's drill schedule; agents without a row follow the default (tightrope.drills.default-cron, DRY_RUN).
create table drill_schedule (
    agent_id    bigint      primary key references agent (id),
    cron        text        not null,
    time_zone   text        not null,
    mode        text        not null,
    enabled     boolean     not null,
    updated_at  timestamptz not null,
    updated_by  text        not null,
    constraint drill_schedule_mode check (mode in ('DRY_RUN', 'LIVE'))
);
