import { describe, expect, it } from 'vitest';
import { health } from '../src/logic/health';

describe('health badge', () => {
  it('an agent deployed nowhere is "not deployed", never "healthy"', () => {
    expect(health(0, false)).toEqual({ kind: 'undeployed', label: 'not deployed' });
    expect(health(null, false).kind).toBe('undeployed');
  });

  it('a deployed one is healthy, firing or still being checked', () => {
    expect(health(0).label).toBe('healthy');
    expect(health(2).label).toBe('2 firing');
    expect(health(null).label).toBe('…');
  });
});
