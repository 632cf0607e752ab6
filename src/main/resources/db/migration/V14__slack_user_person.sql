-- A Slack user can be linked to the API token of the same person, so that "a second person" (four-eyes approval
-- of change requests) sees one person behind both identities. Null: the Slack user is a person of their own.
alter table slack_user add column api_token_name text;
