import { describe, expect, it } from 'vitest';
import { ago, changeLabel, duration, millis, percent, timestamp } from '../src/logic/format';
import { interval, tolerance, METRICS } from '../src/logic/metrics';
import { auditFilter, EMPTY_FILTER, utcInstant } from '../src/logic/auditFilter';
import { can } from '../src/auth/roles';

describe('format', () => {
  it.each([[5, '5 s'], [450, '7 min 30 s'], [600, '10 min'], [21240, '5 h 54 min'], [183600, '2 d 3 h']])(
    'duration(%i) = %s', (seconds, text) => expect(duration(seconds)).toBe(text));

  it('times, millis, shares and labels', () => {
    expect(timestamp('2026-11-27T22:11:38.290394775Z')).toBe('2026-11-27 22:11:38 UTC');
    expect(ago('2026-11-27T22:00:00Z', Date.parse('2026-11-27T22:03:00Z'))).toBe('3 min ago');
    expect(millis(0.42)).toBe('0.42 ms');
    expect(millis(null)).toBe('—');
    expect(percent(0.05)).toBe('5 %');
    expect(changeLabel('ROLLOUT_STARTED')).toBe('rollout started');
  });
});

describe('metrics read in their units', () => {
  it('rates in points, with the tolerance on the harmful side', () => {
    expect(METRICS.ERROR_RATE.effect(0.073)).toBe('+7.30 points');
    expect(interval({ metric: 'ERROR_RATE', lower: 0.0152, upper: 0.1308 })).toBe('+1.52 points to +13.08 points');
    expect(tolerance({ metric: 'ERROR_RATE', tolerance: 0.01 })).toBe('+1.00 points');
    expect(tolerance({ metric: 'TASK_COMPLETION', tolerance: 0.02 })).toBe('−2.00 points');
  });

  it('latency as the typical latency and a relative effect', () => {
    expect(METRICS.LATENCY.value(Math.log1p(120))).toBe('120 ms');
    expect(METRICS.LATENCY.effect(Math.log(1.1))).toBe('+10.0 %');
  });

  it('no interval while samples are too few', () => {
    expect(interval({ metric: 'LATENCY', lower: null, upper: null })).toBe('—');
  });
});

describe('audit filter', () => {
  it('leaves blank fields out, reads times as UTC', () => {
    expect(auditFilter(EMPTY_FILTER)).toBeNull();
    expect(auditFilter({ ...EMPTY_FILTER, operation: ' rollback ', outcome: 'forbidden', from: '2026-11-01T10:00' }))
      .toEqual({ operation: 'rollback', outcome: 'FORBIDDEN', from: '2026-11-01T10:00:00Z' });
    expect(utcInstant('not a time')).toBeNull();
  });
});

describe('roles', () => {
  it.each([
    ['VIEWER', 'read', true], ['VIEWER', 'changeTraffic', false], ['VIEWER', 'readAuditLog', false],
    ['OPERATOR', 'changeTraffic', true], ['ADMIN', 'readAuditLog', true], ['RUNTIME', 'read', false],
  ] as const)('%s may %s: %s', (role, action, allowed) => expect(can(role, action)).toBe(allowed));

  it('nobody signed in may do nothing', () => expect(can(null, 'read')).toBe(false));
});
