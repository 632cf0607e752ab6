-- The two relative default rules fired on healthy canaries: with 20 samples and no FOR, the noise of a 5 % canary
-- crossed "DROPS > 20%" within minutes in most rollouts (a seeded simulation: 268 of 400). Their new texts wait for
-- 100 samples and one minute. Rules still at their installed text (revision 1, never edited or deleted) are moved
-- to the new text as their next revision; a rule someone changed is theirs and is left alone.
create temporary table default_rule_upgrade (default_key text primary key, old_text text, new_text text);
insert into default_rule_upgrade values
    ('completion-drop-rollback', 'IF task_completion_rate DROPS > 20% THEN rollback',
     'IF task_completion_rate DROPS > 20% FOR 1m THEN rollback MIN_SAMPLES 100'),
    ('cost-rollback', 'IF cost_per_request > 3x BASELINE THEN rollback',
     'IF cost_per_request > 3x BASELINE FOR 1m THEN rollback MIN_SAMPLES 100');

insert into rule_revision (rule_id, revision, source, canonical, created_at, created_by)
select r.id, r.revision + 1, u.new_text, u.new_text, now(), 'tightrope'
from rule r join default_rule_upgrade u on u.default_key = r.default_key
where r.origin = 'DEFAULT' and r.deleted_at is null and r.revision = 1 and r.canonical = u.old_text;

update rule r set revision = r.revision + 1, source = u.new_text, canonical = u.new_text, updated_at = now()
from default_rule_upgrade u
where u.default_key = r.default_key and r.origin = 'DEFAULT' and r.deleted_at is null and r.revision = 1
  and r.canonical = u.old_text;

drop table default_rule_upgrade;
