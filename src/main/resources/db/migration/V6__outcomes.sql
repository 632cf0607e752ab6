-- Outcomes of agent requests, aggregated into short buckets per deployment, version and arm. A batch of outcomes is
-- stored as the deltas of the buckets it touches, added to the rows in one transaction together with its batch id,
-- so several instances can ingest into one bucket and a repeated batch is never counted twice.

create table outcome_bucket (
    deployment_id           bigint           not null references deployment (id),
    version                 integer          not null,
    arm                     text             not null,
    bucket_start            timestamptz      not null,
    requests                bigint           not null default 0,
    errors                  bigint           not null default 0,
    completions             bigint           not null default 0,
    completion_reported     bigint           not null default 0,
    eval_count              bigint           not null default 0,
    latency_sum             double precision not null default 0,
    latency_sum_squares     double precision not null default 0,
    log_latency_sum         double precision not null default 0,
    log_latency_sum_squares double precision not null default 0,
    cost_sum                double precision not null default 0,
    cost_sum_squares        double precision not null default 0,
    tokens_sum              double precision not null default 0,
    tokens_sum_squares      double precision not null default 0,
    eval_sum                double precision not null default 0,
    eval_sum_squares        double precision not null default 0,
    -- HdrHistogram, compressed: latency in ms, 2 significant digits
    latency_histogram       bytea,
    updated_at              timestamptz      not null,
    primary key (deployment_id, version, arm, bucket_start),
    constraint outcome_bucket_arm check (arm in ('STABLE', 'CANARY'))
);

-- the retention job deletes by age
create index outcome_bucket_age on outcome_bucket (bucket_start);

create table outcome_bucket_tool (
    deployment_id bigint           not null,
    version       integer          not null,
    arm           text             not null,
    bucket_start  timestamptz      not null,
    tool          text             not null,
    calls         bigint           not null default 0,
    errors        bigint           not null default 0,
    latency_sum   double precision not null default 0,
    primary key (deployment_id, version, arm, bucket_start, tool),
    foreign key (deployment_id, version, arm, bucket_start)
        references outcome_bucket (deployment_id, version, arm, bucket_start) on delete cascade
);

-- batch ids already counted: a repeated batch (a runtime's retry) is answered as deduplicated and adds nothing
create table outcome_batch (
    batch_id    text        primary key,
    received_at timestamptz not null,
    outcomes    integer     not null,
    constraint outcome_batch_id_length check (char_length(batch_id) between 1 and 200)
);

create index outcome_batch_age on outcome_batch (received_at);
