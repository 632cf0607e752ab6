-- The plan of an automated rollout (the judge's): its steps, tolerances and actions, as JSON. A rollout without a
-- row here is driven by hand only.
create table rollout_plan (
    rollout_id bigint      primary key references rollout (id),
    plan       jsonb       not null,
    created_at timestamptz not null
);
