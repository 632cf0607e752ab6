import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../src/api/types';
import { firingCounts, mergeAlert, withEvents } from '../src/logic/alertList';

function alert(id: number, changes: Partial<Alert> = {}): Alert {
  return {
    id: String(id), ruleId: '1', rule: 'IF error_rate > 15% THEN alert', ruleRevision: 1, agent: 'bot',
    environment: 'production', version: 2, state: 'FIRING', severity: 'WARNING', value: 0.3, threshold: '> 15%',
    baseline: null, samples: 40, action: 'ALERT', actionOutcome: null, firedAt: '2026-01-01T00:00:00Z',
    resolvedAt: null, acknowledgedBy: null, acknowledgedAt: null, ...changes,
  };
}

const event = (change: AlertEvent['change'], a: Alert): AlertEvent => ({ change, alert: a });
const ALL = { state: null, agent: null };
const FIRING = { state: 'FIRING' as const, agent: null };

describe('mergeAlert', () => {
  it('keeps each field as far along as either copy has it, in any order', () => {
    const acknowledged = alert(1, { acknowledgedBy: 'token:ops', acknowledgedAt: '2026-01-01T00:01:00Z' });
    const acted = alert(1, { actionOutcome: 'DONE' });
    const resolved = alert(1, { state: 'RESOLVED', resolvedAt: '2026-01-01T00:02:00Z' });
    const expected = { ...acknowledged, actionOutcome: 'DONE', state: 'RESOLVED', resolvedAt: '2026-01-01T00:02:00Z' };
    expect(mergeAlert(mergeAlert(acknowledged, acted), resolved)).toEqual(expected);
    expect(mergeAlert(mergeAlert(resolved, acted), acknowledged)).toEqual(expected);
  });
});

describe('withEvents', () => {
  it('adds a fired alert on top and applies later changes', () => {
    const shown = withEvents([alert(3), alert(2)], [event('FIRED', alert(4)),
      event('ACKNOWLEDGED', alert(3, { acknowledgedBy: 'token:ops' }))], ALL, false);
    expect(shown.map((a) => a.id)).toEqual(['4', '3', '2']);
    expect(shown[1]?.acknowledgedBy).toBe('token:ops');
  });

  it('an event older than the loaded page changes nothing', () => {
    const loaded = [alert(3, { acknowledgedBy: 'token:ops' })];
    expect(withEvents(loaded, [event('FIRED', alert(3))], ALL, false)).toEqual(loaded);
  });

  it('drops an alert that no longer matches the filter', () => {
    const shown = withEvents([alert(3), alert(2)], [event('RESOLVED', alert(2, { state: 'RESOLVED' }))], FIRING, false);
    expect(shown.map((a) => a.id)).toEqual(['3']);
  });

  it('leaves an older alert to the pages not loaded yet', () => {
    expect(withEvents([alert(10)], [event('ACKNOWLEDGED', alert(5))], ALL, true).map((a) => a.id)).toEqual(['10']);
    expect(withEvents([alert(10)], [event('ACKNOWLEDGED', alert(5))], ALL, false).map((a) => a.id)).toEqual(['10', '5']);
  });

  it('keeps to its agent', () => {
    const other = alert(7, { agent: 'other' });
    expect(withEvents([], [event('FIRED', other)], { state: null, agent: 'bot' }, false)).toEqual([]);
  });
});

describe('firingCounts', () => {
  it('counts firing alerts per agent and per deployment', () => {
    const counts = firingCounts([alert(1), alert(2, { environment: 'staging' }), alert(3, { state: 'RESOLVED' }),
      alert(4, { agent: 'other' })]);
    expect(counts.get('bot')).toBe(2);
    expect(counts.get('bot/production')).toBe(1);
    expect(counts.get('bot/staging')).toBe(1);
    expect(counts.get('other/production')).toBe(1);
    expect(counts.get('nobody')).toBeUndefined();
  });
});
