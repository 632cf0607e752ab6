-- Slack chat-ops (README, "Slack"): who may act from Slack, where notifications go, which Slack requests were
-- already handled, and which notifications an instance has claimed.

-- Slack user -> Tightrope role. Users not listed get tightrope.slack.default-role (none by default: status only).
create table slack_user (
    slack_user_id text primary key,
    role          text        not null,
    linked_by     text        not null,
    linked_at     timestamptz not null,
    constraint slack_user_id_format check (slack_user_id ~ '^[UW][A-Z0-9]{2,20}$'),
    constraint slack_user_role check (role in ('VIEWER', 'OPERATOR', 'ADMIN'))
);

-- Per-agent incoming-webhook URL; overrides tightrope.slack.webhook-url for that agent's notifications.
create table slack_webhook (
    agent_id   bigint primary key references agent (id),
    url        text        not null,
    updated_by text        not null,
    updated_at timestamptz not null,
    constraint slack_webhook_url_length check (char_length(url) between 8 and 2000)
);

-- Slack requests already handled (slash command trigger ids, button clicks). A request id is claimed once, by
-- whichever instance gets it first; a retry or replay finds the row and does nothing. Rows expire: a replay older
-- than the signature window is refused anyway.
create table slack_request (
    request_id text primary key,
    seen_at    timestamptz not null,
    expires_at timestamptz not null,
    constraint slack_request_id_length check (char_length(request_id) <= 300)
);

create index slack_request_expiry on slack_request (expires_at);

-- Notifications claimed for sending: every instance hears every traffic change, the one that inserts the row
-- first sends it. The outcome is kept for diagnosis.
create table slack_notification (
    notification_key text primary key,
    claimed_by       text        not null,
    claimed_at       timestamptz not null,
    outcome          text,
    attempts         integer     not null default 0,
    finished_at      timestamptz,
    constraint slack_notification_outcome check (outcome in ('SENT', 'FAILED', 'DROPPED', 'SKIPPED'))
);

create index slack_notification_claimed on slack_notification (claimed_at);
