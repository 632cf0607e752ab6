import { describe, expect, it } from 'vitest';
import type { Demo } from '../src/api/types';
import { afterEvent, explainDemo } from '../src/logic/demo';

const running: Demo = {
  enabled: true, agent: 'demo-support-bot', environment: 'production', phase: 'ROLLING_OUT', rounds: 1,
  stableVersion: 1, canaryVersion: 2, rolloutId: '41', weight: 5, paused: false, nextRolloutAt: null,
  requestsPerSecond: 60, stableErrorRate: 0.015, canaryErrorRate: 0.35, canaryLatencyFactor: 1.375, problem: null,
  lastEnd: null,
};

describe('explainDemo', () => {
  it('says nothing when demo mode is off', () => {
    expect(explainDemo({ ...running, enabled: false, agent: null })).toBeNull();
  });

  it('explains a running rollout: what changed, how bad it is, who will roll it back', () => {
    const text = explainDemo(running);
    expect(text?.headline).toBe('This is a demo: v2 of demo-support-bot is being rolled out, now at 5 % of its '
      + 'traffic (5 % → 25 % → 50 % → 100 %), and it will be rolled back.');
    expect(text?.detail).toContain('about 35 % of its answers fail (v1: 1.5 %) and come 38 % later.');
    expect(text?.detail).toContain('The judge compares canary and stable every 5 s');
    expect(text?.detail).toContain('IF error_rate > 15% FOR 2m THEN rollback');
    expect(text?.detail).toContain('60 requests a second');
    expect(text?.rolloutId).toBe('41');
  });

  it('names who ended the last round and when the next starts', () => {
    const text = explainDemo({ ...running, phase: 'BETWEEN_ROUNDS', rolloutId: null, weight: null,
      nextRolloutAt: '2026-12-01T22:42:07Z',
      lastEnd: { rolloutId: '41', type: 'ROLLED_BACK', trigger: 'JUDGE', actor: 'judge', at: '2026-12-01T22:41:47Z',
        reason: 'judge: ERROR_RATE FAIL' } });
    expect(text?.headline).toBe('This is a demo: the judge rolled back v2 at 22:41:47 UTC. The next round starts at '
      + '22:42:07 UTC.');
    expect(text?.rolloutId).toBeNull();
    const byHand = explainDemo({ ...running, phase: 'BETWEEN_ROUNDS',
      lastEnd: { rolloutId: '41', type: 'ROLLED_BACK', trigger: 'DASHBOARD', actor: 'token:ann', at: '2026-12-01T22:41:47Z',
        reason: '' } });
    expect(byHand?.headline).toContain('token:ann (dashboard) rolled back v2');
  });

  it('says when a paused rollout waits for a person, and when the demo is held up', () => {
    expect(explainDemo({ ...running, paused: true })?.headline)
      .toBe('This is a demo: the rollout of v2 is paused at 5 %. Resume it, or roll it back, to go on.');
    expect(explainDemo({ ...running, problem: 'cannot reach http://localhost:8080/' })?.detail)
      .toContain('The demo is held up (it retries): cannot reach http://localhost:8080/');
    expect(explainDemo({ ...running, phase: 'STARTING' })?.headline)
      .toBe('This is a demo: demo-support-bot and its runtime are being set up.');
    expect(explainDemo({ ...running, phase: 'WARMING_UP', nextRolloutAt: '2026-12-01T22:40:00Z' })?.headline)
      .toBe('This is a demo: v1 of demo-support-bot serves all traffic; v2 is rolled out at 22:40:00 UTC.');
  });
});

describe('afterEvent', () => {
  const end = { type: 'ROLLED_BACK' as const, trigger: 'JUDGE' as const, actor: 'judge', committedAt: '2026-12-01T22:41:47Z',
    reason: 'judge: ERROR_RATE FAIL', rolloutId: '41', weightAfter: 0, toVersion: 1 };

  it('shows the judge\'s rollback the moment it is pushed, before the server\'s story has moved on', () => {
    const after = afterEvent(running, end);
    expect(after.phase).toBe('BETWEEN_ROUNDS');
    expect(after.lastEnd).toEqual({ rolloutId: '41', type: 'ROLLED_BACK', trigger: 'JUDGE', actor: 'judge',
      at: '2026-12-01T22:41:47Z', reason: 'judge: ERROR_RATE FAIL' });
    expect(explainDemo(after)?.headline).toBe('This is a demo: the judge rolled back v2 at 22:41:47 UTC. The next '
      + 'round starts in a few seconds.');
  });

  it('follows the next round and its steps, and ignores other rollouts', () => {
    const between = afterEvent(running, end);
    const next = afterEvent(between, { ...end, type: 'ROLLOUT_STARTED', trigger: 'API', rolloutId: '42', weightAfter: 5,
      toVersion: 2 });
    expect(next).toMatchObject({ phase: 'ROLLING_OUT', rolloutId: '42', weight: 5, paused: false });
    expect(afterEvent(next, { ...end, type: 'ROLLOUT_ADVANCED', rolloutId: '42', weightAfter: 25 }).weight).toBe(25);
    expect(afterEvent(next, { ...end, rolloutId: '40' })).toBe(next);
  });
});
