-- An idempotency key names a retry of one change of one deployment: the same key on another agent or environment is
-- another change (a key such as "incident-4711" reused across the agents of one incident), not a conflict.
drop index deployment_event_idempotency_key;
create unique index deployment_event_idempotency_key on deployment_event (deployment_id, idempotency_key)
    where idempotency_key is not null;
