import { describe, expect, it } from 'vitest';
import { actionOutcome } from '../src/logic/alertOutcome';

describe('actionOutcome', () => {
  it.each([
    [null, 'running…'],
    ['DONE', 'done'],
    ['DONE (rollback instead: APPROVAL_REQUIRED)', 'rolled back instead (the fallback version was held: APPROVAL_REQUIRED)'],
    ['SKIPPED', 'skipped (nothing to act on)'],
    ['SKIPPED (cooldown)', 'skipped (cooldown)'],
    ['BREAKER HALF_OPEN', 'circuit breaker half-open'],
    ['BREAKER OPEN AGAIN', 'circuit breaker open again'],
    ['CONFLICT', 'refused: CONFLICT'],
  ])('%s → %s', (outcome, words) => {
    expect(actionOutcome(outcome)).toBe(words);
  });
});
