import { describe, expect, it } from 'vitest';
import type { Deployment, EventSummary, TrafficChangeType } from '../src/api/types';
import { advanceProblem, lastRollback, planAdvance, planPause, planPromote, planRollback, previousStable } from '../src/logic/trafficActions';

type Change = [TrafficChangeType, number | null, number];

/** Events newest first, from a history written oldest first. */
function events(...history: Change[]): EventSummary[] {
  return history.map(([type, from, to], i) => ({ id: String(i), type, trigger: 'API' as const, fromVersion: from,
    toVersion: to, actor: 'token:ops', committedAt: '2026-11-27T10:00:00Z' })).reverse();
}

function deployment(stable: number, history: Change[], canary?: number): Deployment<EventSummary> {
  return {
    agent: 'support-bot', environment: 'production', stableVersion: stable, generation: 7,
    updatedAt: '2026-11-27T10:00:00Z',
    rollout: canary ? { id: '42', canaryVersion: canary, baselineVersion: stable, weight: 25, status: 'RUNNING' } : null,
    events: { edges: events(...history).map((node) => ({ node })) },
  };
}

describe('previousStable (the server\'s RollbackTarget)', () => {
  it.each<[Change[], number, number | null]>([
    [[['DEPLOYED', null, 1], ['DEPLOYED', 1, 2], ['DEPLOYED', 2, 3], ['ROLLED_BACK', 3, 2]], 2, 1],
    [[['DEPLOYED', null, 1], ['DEPLOYED', 1, 2], ['ROLLED_BACK', 2, 1]], 1, null],
    [[['DEPLOYED', null, 1], ['PROMOTED', 1, 4]], 4, 1],
    [[['DEPLOYED', null, 1], ['ROLLOUT_STARTED', 1, 2], ['ROLLED_BACK', 2, 1]], 1, null],
  ])('%j, current %i → %s', (history, current, expected) => {
    expect(previousStable(events(...history), current)).toBe(expected);
  });
});

describe('planRollback names exactly what will happen', () => {
  it('with a canary: from the canary to the stable version, at the generation seen', () => {
    const plan = planRollback(deployment(13, [['DEPLOYED', null, 13], ['ROLLOUT_STARTED', 13, 14]], 14));
    expect(plan.sentence).toMatch(/^Roll back support-bot in production from v14 to v13:/);
    expect(plan.variables).toMatchObject({ agent: 'support-bot', environment: 'production', expectedGeneration: 7 });
    expect(plan.variables).not.toHaveProperty('toVersion');
  });

  it('without a canary: to the last known-good version, named to the server', () => {
    const plan = planRollback(deployment(14, [['DEPLOYED', null, 13], ['DEPLOYED', 13, 14]]));
    expect(plan.sentence).toMatch(/^Roll back support-bot in production from v14 to v13:/);
    expect(plan.variables).toMatchObject({ toVersion: 13, expectedGeneration: 7 });
    expect(plan.impossible).toBeUndefined();
  });

  it('says so when there is nothing to roll back to', () => {
    const plan = planRollback(deployment(1, [['DEPLOYED', null, 1]]));
    expect(plan.impossible).toBeDefined();
    expect(plan.sentence).toMatch(/first stable version/);
  });
});

describe('the other buttons', () => {
  const running = deployment(13, [['DEPLOYED', null, 13], ['ROLLOUT_STARTED', 13, 14]], 14);

  it('promote, pause and advance name versions and weights', () => {
    expect(planPromote(running)?.sentence).toMatch(/Promote v14 of support-bot in production: it replaces v13/);
    expect(planPause(running)?.confirm).toBe('Pause');
    expect(planAdvance(running, 50)?.sentence).toMatch(/Send 50 % of production traffic to v14 \(now 25 %\)/);
    expect(planAdvance(running, 50)?.variables).toMatchObject({ weight: 50, expectedGeneration: 7 });
  });

  it('a paused rollout resumes', () => {
    const paused = { ...running, rollout: { ...running.rollout!, status: 'PAUSED' as const } };
    expect(planPause(paused)?.confirm).toBe('Resume');
  });

  it('need a rollout', () => {
    const stable = deployment(13, [['DEPLOYED', null, 13]]);
    expect(planPromote(stable)).toBeNull();
    expect(planPause(stable)).toBeNull();
    expect(planAdvance(stable, 5)).toBeNull();
  });
});

it('lastRollback finds the newest rollback', () => {
  const history = events(['DEPLOYED', null, 1], ['DEPLOYED', 1, 2], ['ROLLED_BACK', 2, 1], ['DEPLOYED', 1, 3]);
  expect(lastRollback(history)?.fromVersion).toBe(2);
  expect(lastRollback(events(['DEPLOYED', null, 1]))).toBeNull();
});

describe('advanceProblem: the weights the Advance control offers', () => {
  const running = { weight: 10, status: 'RUNNING' };

  it('not the weight the canary already has', () => {
    expect(advanceProblem(running, '10')).toBe('the canary already receives 10 %');
  });

  it.each(['', ' ', '-1', '101', '12.5', '1e1x', 'abc'])('not %j', (text) => {
    expect(advanceProblem(running, text)).not.toBeNull();
  });

  it.each(['0', '5', '25', '100'])('%s %% (the server takes any other whole percent, lower too)', (text) => {
    expect(advanceProblem(running, text)).toBeNull();
  });

  it('nothing while the rollout is paused, as the server refuses it', () => {
    expect(advanceProblem({ weight: 10, status: 'PAUSED' }, '25')).toMatch(/paused: resume it/);
  });
});
