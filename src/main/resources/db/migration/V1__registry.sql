-- Registry: agents, their component versions and their immutable agent versions (docs/registry.md).

create table agent (
    id          bigint generated always as identity primary key,
    slug        text        not null,
    name        text        not null,
    description text        not null default '',
    created_at  timestamptz not null,
    created_by  text        not null,
    constraint agent_slug_unique unique (slug),
    constraint agent_slug_format check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    constraint agent_name_length check (char_length(name) between 1 and 200),
    constraint agent_description_length check (char_length(description) <= 2000)
);

create table component_version (
    id           bigint generated always as identity primary key,
    agent_id     bigint      not null references agent (id),
    kind         text        not null,
    number       integer     not null,
    content      text        not null,
    content_hash text        not null,
    created_at   timestamptz not null,
    created_by   text        not null,
    constraint component_version_kind check (kind in ('PROMPT', 'MODEL', 'TOOLS', 'GUARDRAILS', 'KNOWLEDGE_BASE')),
    constraint component_version_number_positive check (number > 0),
    -- the hash is the SHA-256 of the canonical JSON text; the database checks it, so a stored hash cannot lie
    constraint component_version_hash_matches check (content_hash = encode(sha256(convert_to(content, 'UTF8')), 'hex')),
    constraint component_version_number_unique unique (agent_id, kind, number),
    constraint component_version_content_unique unique (agent_id, kind, content_hash),
    -- target of the typed foreign keys from agent_version
    constraint component_version_identity unique (id, agent_id, kind)
);

-- An agent version pins exactly one component version of every kind, of the same agent. The constant *_kind
-- columns exist only so the composite foreign keys can check the kind; the application never writes them.
create table agent_version (
    id                     bigint generated always as identity primary key,
    agent_id               bigint      not null references agent (id),
    number                 integer     not null,
    parent_number          integer,
    prompt_id              bigint      not null,
    prompt_kind            text        not null default 'PROMPT' check (prompt_kind = 'PROMPT'),
    model_id               bigint      not null,
    model_kind             text        not null default 'MODEL' check (model_kind = 'MODEL'),
    tools_id               bigint      not null,
    tools_kind             text        not null default 'TOOLS' check (tools_kind = 'TOOLS'),
    guardrails_id          bigint      not null,
    guardrails_kind        text        not null default 'GUARDRAILS' check (guardrails_kind = 'GUARDRAILS'),
    knowledge_base_id      bigint      not null,
    knowledge_base_kind    text        not null default 'KNOWLEDGE_BASE' check (knowledge_base_kind = 'KNOWLEDGE_BASE'),
    snapshot_hash          text        not null,
    author                 text        not null,
    message                text        not null default '',
    created_at             timestamptz not null,
    constraint agent_version_number_positive check (number > 0),
    constraint agent_version_parent_before check (parent_number is null or (parent_number > 0 and parent_number < number)),
    constraint agent_version_number_unique unique (agent_id, number),
    constraint agent_version_message_length check (char_length(message) <= 10000),
    constraint agent_version_prompt_fk foreign key (prompt_id, agent_id, prompt_kind)
        references component_version (id, agent_id, kind),
    constraint agent_version_model_fk foreign key (model_id, agent_id, model_kind)
        references component_version (id, agent_id, kind),
    constraint agent_version_tools_fk foreign key (tools_id, agent_id, tools_kind)
        references component_version (id, agent_id, kind),
    constraint agent_version_guardrails_fk foreign key (guardrails_id, agent_id, guardrails_kind)
        references component_version (id, agent_id, kind),
    constraint agent_version_knowledge_base_fk foreign key (knowledge_base_id, agent_id, knowledge_base_kind)
        references component_version (id, agent_id, kind),
    constraint agent_version_parent_fk foreign key (agent_id, parent_number)
        references agent_version (agent_id, number)
);

-- Versions are history: once written they never change. Enforced here, not only in code, so no script, migration
-- or console session can rewrite what an agent was.
create function tightrope_reject_mutation() returns trigger
    language plpgsql as
$$
begin
    raise exception '% rows are immutable: % is not allowed', tg_table_name, tg_op
        using errcode = 'restrict_violation',
              hint = 'Create a new version instead of changing an existing one.';
end;
$$;

create trigger component_version_immutable
    before update or delete on component_version
    for each row execute function tightrope_reject_mutation();

create trigger component_version_no_truncate
    before truncate on component_version
    for each statement execute function tightrope_reject_mutation();

create trigger agent_version_immutable
    before update or delete on agent_version
    for each row execute function tightrope_reject_mutation();

create trigger agent_version_no_truncate
    before truncate on agent_version
    for each statement execute function tightrope_reject_mutation();
