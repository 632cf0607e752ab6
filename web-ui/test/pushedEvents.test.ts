import { describe, expect, it } from 'vitest';
import type { Deployment, DeploymentEvent } from '../src/api/types';
import { withPushedEvents } from '../src/logic/pushedEvents';

function event(generation: number, type: DeploymentEvent['type'], fields: Partial<DeploymentEvent> = {}): DeploymentEvent {
  return { id: `e${generation}`, generation, type, trigger: 'API', fromVersion: null, toVersion: null, rolloutId: null,
    weightBefore: null, weightAfter: null, actor: 'token:ci', reason: '', decidedAt: '2026-12-01T10:00:00Z',
    committedAt: `2026-12-01T10:00:0${generation}Z`, propagatedAt: null, commitMillis: 3, propagationMillis: null,
    propagation: null, ...fields };
}

const running: Deployment = {
  agent: 'support-bot', environment: 'production', stableVersion: 1, generation: 2, updatedAt: '2026-12-01T10:00:02Z',
  rollout: { id: '7', canaryVersion: 2, baselineVersion: 1, weight: 5, status: 'RUNNING' },
  events: { edges: [{ node: event(2, 'ROLLOUT_STARTED', { rolloutId: '7', fromVersion: 1, toVersion: 2, weightAfter: 5 }) },
    { node: event(1, 'DEPLOYED', { toVersion: 1 }) }] },
};

describe('withPushedEvents', () => {
  it('shows a pushed rollback at once: the rollout ends, the history gains it', () => {
    const rolledBack = event(3, 'ROLLED_BACK', { rolloutId: '7', fromVersion: 2, toVersion: 1, trigger: 'DASHBOARD' });
    const shown = withPushedEvents(running, [rolledBack]);
    expect(shown.rollout).toBeNull();
    expect(shown.stableVersion).toBe(1);
    expect(shown.generation).toBe(3);
    expect(shown.events.edges.map((e) => e.node.id)).toEqual(['e3', 'e2', 'e1']);
  });

  it('applies several in generation order and ignores what the load already has', () => {
    const shown = withPushedEvents(running, [event(4, 'ROLLOUT_PAUSED'), event(3, 'ROLLOUT_ADVANCED', { weightAfter: 25 }),
      event(2, 'ROLLOUT_STARTED'), event(3, 'ROLLOUT_ADVANCED', { weightAfter: 25 })]);
    expect(shown.rollout).toEqual({ id: '7', canaryVersion: 2, baselineVersion: 1, weight: 25, status: 'PAUSED' });
    expect(shown.events.edges.map((e) => e.node.id)).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(withPushedEvents(running, [event(2, 'ROLLOUT_STARTED')])).toBe(running);
  });

  it('starts a rollout from its event and promotes it', () => {
    const stable: Deployment = { ...running, rollout: null, generation: 1, events: { edges: [running.events.edges[1]!] } };
    const started = withPushedEvents(stable, [event(2, 'ROLLOUT_STARTED', { rolloutId: '8', fromVersion: 1, toVersion: 3,
      weightAfter: 10 })]);
    expect(started.rollout).toEqual({ id: '8', canaryVersion: 3, baselineVersion: 1, weight: 10, status: 'RUNNING' });
    const promoted = withPushedEvents(started, [event(3, 'PROMOTED', { fromVersion: 1, toVersion: 3 })]);
    expect(promoted.rollout).toBeNull();
    expect(promoted.stableVersion).toBe(3);
  });
});
