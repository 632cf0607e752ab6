-- Circuit breakers: the tools of a deployment whose breaker is OPEN or HALF_OPEN, as JSON text by tool name
-- ({"search": {"state": "OPEN", "share": 0, "since": "…", "reason": "…"}}); '{}' when every breaker is closed.
-- They are part of the deployment's state: a change is a traffic change with its own generation and event.
alter table deployment add column tool_gates text not null default '{}';

alter table deployment_event drop constraint deployment_event_type;
alter table deployment_event add constraint deployment_event_type check (type in ('DEPLOYED', 'ROLLOUT_STARTED',
    'ROLLOUT_ADVANCED', 'ROLLOUT_PAUSED', 'ROLLOUT_RESUMED', 'PROMOTED', 'ROLLED_BACK', 'TOOL_DISABLED',
    'TOOL_HALF_OPENED', 'TOOL_ENABLED'));
