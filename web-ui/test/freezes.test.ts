import { describe, expect, it } from 'vitest';
import { EMPTY_FREEZE, byEnvironment, freezeInput, windowText } from '../src/logic/freezes';

const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('freeze windows in words', () => {
  it('an interval in UTC', () => {
    expect(windowText({ from: '2026-12-24T00:00:00Z', to: '2026-12-27T08:00:00Z', weekly: null }))
      .toBe('2026-12-24 00:00:00 UTC → 2026-12-27 08:00:00 UTC');
  });

  it('a weekly window in its zone', () => {
    expect(windowText({ from: null, to: null, weekly: { startDay: 'FRIDAY', startTime: '15:00', endDay: 'MONDAY',
      endTime: '09:00', timeZone: 'Europe/Berlin' } })).toBe('every Friday 15:00 to Monday 09:00 (Europe/Berlin)');
  });

  it('grouped by environment, the one holding now first', () => {
    const groups = byEnvironment([{ id: '1', environment: 'staging', active: false },
      { id: '2', environment: 'production', active: false }, { id: '3', environment: 'production', active: true }]);
    expect(groups.map(([env, list]) => [env, list.map((f) => f.id)])).toEqual([['production', ['3', '2']], ['staging', ['1']]]);
  });
});

describe('the create form', () => {
  it('an interval read as UTC; no start is now', () => {
    expect(freezeInput({ ...EMPTY_FREEZE, reason: 'holidays', to: '2026-12-27T08:00' }, NOW)).toEqual({ variables: {
      environment: 'production', agent: null, reason: 'holidays', from: '2026-12-01T12:00:00.000Z',
      to: '2026-12-27T08:00:00Z', weekly: null } });
  });

  it('a weekly window', () => {
    expect(freezeInput({ ...EMPTY_FREEZE, kind: 'weekly', agent: 'support-bot', reason: 'weekend',
      timeZone: 'Europe/Berlin' }, NOW)).toEqual({ variables: { environment: 'production', agent: 'support-bot',
      reason: 'weekend', from: null, to: null, weekly: { startDay: 'FRIDAY', startTime: '15:00', endDay: 'MONDAY',
        endTime: '09:00', timeZone: 'Europe/Berlin' } } });
  });

  it('says what to fix first', () => {
    expect(freezeInput({ ...EMPTY_FREEZE, to: '2026-11-01T00:00' }, NOW))
      .toEqual({ problems: ['say why releases wait', 'the end must be in the future'] });
    expect(freezeInput({ ...EMPTY_FREEZE, reason: 'x', from: '2026-12-05T00:00', to: '2026-12-04T00:00' }, NOW))
      .toEqual({ problems: ['the end must be after the start'] });
    expect(freezeInput({ ...EMPTY_FREEZE, reason: 'x', kind: 'weekly', startTime: '25:00', timeZone: '' }, NOW))
      .toEqual({ problems: ['the start time must be HH:MM (24 h)', 'give the time zone (e.g. Europe/Berlin or UTC)'] });
  });
});
