import { expect, it } from 'vitest';
import type { CanaryComparison } from '../src/api/types';
import { append, MAX_POINTS, type History } from '../src/logic/series';

function comparison(judgedAt: string, effect: number): CanaryComparison {
  return {
    rolloutId: '1', agent: 'a', environment: 'production', stableVersion: 1, canaryVersion: 2, weight: 5, planned: true,
    step: 1, steps: 3, stepStartedAt: judgedAt, stepSecondsLeft: 0, judgedAt, stableLatencyP50: 0, stableLatencyP95: 0,
    canaryLatencyP50: 0, canaryLatencyP95: 0, sampleRatio: { expectedShare: 0.05, observedShare: 0.05, mismatch: false },
    metrics: [{ metric: 'TASK_COMPLETION', verdict: 'INCONCLUSIVE', stableSamples: 100, canarySamples: 10, stableValue: 0.8,
      canaryValue: 0.7, effect, lower: effect - 0.1, upper: effect + 0.1, tolerance: 0.02, estimates: [] }],
  };
}

it('collects each judgement once, the tolerance on the harmful side', () => {
  let history: History = {};
  history = append(history, comparison('2026-11-27T10:00:00Z', -0.1));
  history = append(history, comparison('2026-11-27T10:00:00Z', -0.1));
  history = append(history, comparison('2026-11-27T10:00:05Z', -0.12));
  expect(history.TASK_COMPLETION?.effect).toEqual([-0.1, -0.12]);
  expect(history.TASK_COMPLETION?.tolerance).toEqual([-0.02, -0.02]);
  expect(history.TASK_COMPLETION?.time[1]! - history.TASK_COMPLETION?.time[0]!).toBe(5);
});

it('keeps at most MAX_POINTS', () => {
  let history: History = {};
  for (let i = 0; i < MAX_POINTS + 3; i++) history = append(history, comparison(new Date(Date.UTC(2026, 0, 1, 0, 0, i * 5)).toISOString(), i));
  expect(history.TASK_COMPLETION?.effect.length).toBe(MAX_POINTS);
  expect(history.TASK_COMPLETION?.effect[0]).toBe(3);
});
