import { describe, expect, it } from 'vitest';
import { failureRate, periodOf, readable, sinceFor, summary } from '../src/logic/rollbackStats';

describe('rollback statistics', () => {
  it('a period ends now and starts a whole minute back, so that the page asks with a stable value', () => {
    const now = Date.parse('2026-12-01T12:34:56.789Z');
    expect(sinceFor('7d', now)).toBe('2026-11-24T12:34:00.000Z');
    expect(sinceFor('24h', now)).toBe('2026-11-30T12:34:00.000Z');
  });

  it('an unknown period is the default (30 days)', () => {
    expect(periodOf('nonsense')).toBe('30d');
    expect(periodOf('90d')).toBe('90d');
  });

  it('durations read in ms, then seconds and minutes', () => {
    expect(readable(4.2)).toBe('4.2 ms');
    expect(readable(1204)).toBe('1204 ms');
    expect(readable(95_000)).toBe('1 min 35 s');
    expect(readable(null)).toBe('—');
  });

  it('median and p95 with the samples; none measured', () => {
    expect(summary({ samples: 7, meanMillis: 10, medianMillis: 12.3, p95Millis: 40, maxMillis: 41 }))
      .toBe('median 12.3 ms · p95 40.0 ms (7)');
    expect(summary({ samples: 0, meanMillis: null, medianMillis: null, p95Millis: null, maxMillis: null })).toBe('none measured');
  });

  it('the change-failure rate as percent, which may exceed 100 %', () => {
    expect(failureRate(0.125)).toBe('12.5 %');
    expect(failureRate(1.5)).toBe('150 %');
    expect(failureRate(null)).toBe('— (no releases)');
  });
});
