import { describe, expect, it } from 'vitest';
import type { Deployment, DrillResult, EventSummary, TrafficChangeType } from '../src/api/types';
import { cronError, drillSteps, freshness, planDrill } from '../src/logic/drills';

type Change = [TrafficChangeType, number | null, number];

function deployment(stable: number, history: Change[], canary?: number): Deployment<EventSummary> {
  return {
    agent: 'support-bot', environment: 'production', stableVersion: stable, generation: 7,
    updatedAt: '2026-11-27T10:00:00Z',
    rollout: canary ? { id: '42', canaryVersion: canary, baselineVersion: stable, weight: 25, status: 'RUNNING' } : null,
    events: { edges: history.map(([type, from, to], i) => ({ node: { id: String(i), type, trigger: 'API' as const,
      fromVersion: from, toVersion: to, actor: 'token:ops', committedAt: '2026-11-27T10:00:00Z' } })).reverse() },
  };
}

const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('freshness of the last passing drill', () => {
  it('names the mode and the age, and the overdue flag as the server says', () => {
    expect(freshness({ lastPassingDrill: { mode: 'DRY_RUN', finishedAt: '2026-11-28T12:00:00Z' }, drillOverdue: false }, NOW))
      .toEqual({ text: 'dry run passed 3 d ago', overdue: false });
    expect(freshness({ lastPassingDrill: { mode: 'LIVE', finishedAt: '2026-10-01T12:00:00Z' }, drillOverdue: true }, NOW))
      .toEqual({ text: 'live passed 61 d ago', overdue: true });
  });

  it('a deployment that never passed a drill', () => {
    expect(freshness({ lastPassingDrill: null, drillOverdue: true }, NOW)).toEqual({ text: 'never passed a drill', overdue: true });
  });
});

describe('planDrill names what the drill will do', () => {
  const stable = deployment(14, [['DEPLOYED', null, 13], ['DEPLOYED', 13, 14]]);

  it('DRY_RUN: rehearses the rollback to the previous known-good version, changing nothing', () => {
    const plan = planDrill(stable, 'DRY_RUN');
    expect(plan.sentence).toMatch(/^Dry run in production: check that v13 is complete and rehearse the switch from v14 to v13/);
    expect(plan.sentence).toMatch(/Traffic does not change/);
    expect(plan.variables).toEqual({ agent: 'support-bot', environment: 'production', mode: 'DRY_RUN' });
    expect(plan.impossible).toBeUndefined();
  });

  it('LIVE: rolls back to vN, waits for the acknowledgements, rolls forward to vM', () => {
    expect(planDrill(stable, 'LIVE').sentence).toBe('Live drill of support-bot in production: roll back for real to v13 '
      + '(trigger DRILL), wait until every connected runtime has acknowledged it, then roll forward to v14. All '
      + 'production traffic is served by v13 meanwhile.');
  });

  it('LIVE during a rollout is refused by the server: the dialog offers no confirm', () => {
    const plan = planDrill(deployment(13, [['DEPLOYED', null, 13], ['ROLLOUT_STARTED', 13, 14]], 14), 'LIVE');
    expect(plan.impossible).toBe('a rollout is running');
    expect(plan.sentence).toMatch(/A dry run works now/);
  });

  it('DRY_RUN during a rollout rehearses rolling the canary back', () => {
    expect(planDrill(deployment(13, [['DEPLOYED', null, 13], ['ROLLOUT_STARTED', 13, 14]], 14), 'DRY_RUN').sentence)
      .toMatch(/switch from v14 to v13/);
  });

  it('the first version ever deployed has nothing to go back to: the drill will fail', () => {
    const first = deployment(1, [['DEPLOYED', null, 1]]);
    expect(planDrill(first, 'DRY_RUN').sentence).toMatch(/v1 is the first stable version.*recorded as failed/);
    expect(planDrill(first, 'LIVE').sentence).toMatch(/no earlier version to roll back to/);
  });
});

describe('drillSteps', () => {
  const base: DrillResult = { id: '1', agent: 'a', environment: 'production', mode: 'DRY_RUN', passed: true,
    scheduled: false, actor: 'token:ops', fromVersion: 2, toVersion: 1, startedAt: '', finishedAt: '', totalMillis: 9,
    checkMillis: 2.34, switchMillis: 4.1, rollbackCommitMillis: null, rollbackPropagationMillis: null,
    forwardCommitMillis: null, forwardPropagationMillis: null, runtimesExpected: null, runtimesAcknowledged: null,
    failureReason: null };

  it('a dry run: check and switch', () => {
    expect(drillSteps(base)).toEqual(['check 2.3 ms', 'switch 4.1 ms']);
  });

  it('a live drill: every step and the runtimes', () => {
    expect(drillSteps({ ...base, mode: 'LIVE', rollbackCommitMillis: 3, rollbackPropagationMillis: 120,
      forwardCommitMillis: 2.5, forwardPropagationMillis: 98, runtimesExpected: 3, runtimesAcknowledged: 2 }))
      .toEqual(['check 2.3 ms', 'switch 4.1 ms', 'rollback commit 3.0 ms', 'rollback propagated 120 ms',
        'forward commit 2.5 ms', 'forward propagated 98.0 ms', '2/3 runtimes acknowledged']);
  });
});

describe('cronError', () => {
  it.each([['0 4 1 * *', null], ['30 2 * * 1', null], ['  0 4 1 * *  ', null]])('%s is five fields', (cron, error) => {
    expect(cronError(cron)).toBe(error);
  });
  it('names the count otherwise', () => {
    expect(cronError('0 4 1 *')).toMatch(/five fields.*this has 4/);
    expect(cronError('')).toMatch(/this has 0/);
  });
});
