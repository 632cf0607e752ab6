-- A batch's latency histogram per bucket is appended as a part instead of being merged into the bucket row under its
-- lock: the bucket row then only takes additive counters, in one upsert. Parts of closed buckets are merged into
-- outcome_bucket.latency_histogram by a compaction job; a window's histogram is the bucket's plus its parts.
create table outcome_bucket_histogram (
    id            bigint generated always as identity primary key,
    deployment_id bigint      not null,
    version       integer     not null,
    arm           text        not null,
    bucket_start  timestamptz not null,
    histogram     bytea       not null,
    foreign key (deployment_id, version, arm, bucket_start)
        references outcome_bucket (deployment_id, version, arm, bucket_start) on delete cascade
);

create index outcome_bucket_histogram_bucket on outcome_bucket_histogram (deployment_id, version, arm, bucket_start);
create index outcome_bucket_histogram_age on outcome_bucket_histogram (bucket_start);
