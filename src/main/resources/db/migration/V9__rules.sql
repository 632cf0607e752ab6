-- Trigger rules: one row per rule with its current revision, every revision kept; soft deletion.
create table rule (
    id          bigint generated always as identity primary key,
    agent_id    bigint      not null references agent (id),
    revision    integer     not null,
    source      text        not null,
    -- the rule in canonical text (RuleParser reads it back to the same rule)
    canonical   text        not null,
    -- DEFAULT for the four rules every agent starts with (default_key says which), USER otherwise
    origin      text        not null,
    default_key text,
    created_at  timestamptz not null,
    created_by  text        not null,
    updated_at  timestamptz not null,
    deleted_at  timestamptz,
    deleted_by  text,
    constraint rule_origin check (origin in ('DEFAULT', 'USER')),
    constraint rule_source_length check (char_length(source) between 1 and 1000)
);
create index rule_agent on rule (agent_id) where deleted_at is null;
-- an agent's defaults are installed once: each default key at most once per agent, deleted or not
create unique index rule_default_once on rule (agent_id, default_key) where default_key is not null;

create table rule_revision (
    rule_id    bigint      not null references rule (id),
    revision   integer     not null,
    source     text        not null,
    canonical  text        not null,
    created_at timestamptz not null,
    created_by text        not null,
    primary key (rule_id, revision)
);

-- agents that opted out of the default rules (a row with installed = false), or had them installed
create table rule_defaults (
    agent_id   bigint      primary key references agent (id),
    enabled    boolean     not null,
    changed_at timestamptz not null,
    changed_by text        not null
);

-- where each rule stands on each deployment (RuleStatus), and the firing whose action is still to be done
create table rule_state (
    rule_id         bigint           not null references rule (id),
    deployment_id   bigint           not null references deployment (id),
    revision        integer          not null,
    state           text             not null,
    since           timestamptz      not null,
    firings         bigint           not null,
    last_action_at  timestamptz,
    action_pending  boolean          not null default false,
    value           double precision,
    samples         bigint           not null default 0,
    evaluated_at    timestamptz      not null,
    primary key (rule_id, deployment_id),
    constraint rule_state_state check (state in ('OK', 'PENDING', 'FIRING', 'RESOLVED'))
);

-- one alert per firing of a rule on a deployment
create table alert (
    id              bigint generated always as identity primary key,
    rule_id         bigint           not null references rule (id),
    rule_revision   integer          not null,
    rule_source     text             not null,
    deployment_id   bigint           not null references deployment (id),
    agent           text             not null,
    environment     text             not null,
    firing          bigint           not null,
    severity        text             not null,
    state           text             not null,
    value           double precision,
    threshold       text             not null,
    baseline        double precision,
    samples         bigint           not null,
    version         integer          not null,
    action          text             not null,
    -- what the action did: DONE, SKIPPED (cooldown, nothing to act on), or an error code
    action_outcome  text,
    fired_at        timestamptz      not null,
    resolved_at     timestamptz,
    acknowledged_by text,
    acknowledged_at timestamptz,
    constraint alert_once unique (rule_id, deployment_id, firing),
    constraint alert_state check (state in ('FIRING', 'RESOLVED'))
);
create index alert_recent on alert (fired_at desc);
