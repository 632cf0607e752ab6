import { describe, expect, it } from 'vitest';
import { changeAnnouncement, isAlarming } from '../src/logic/announcements';

const where = { agent: 'demo-support-bot', environment: 'production' };

describe('changeAnnouncement', () => {
  it('says what changed, where, by whom and through what', () => {
    expect(changeAnnouncement({ type: 'ROLLED_BACK', trigger: 'JUDGE', actor: 'judge', fromVersion: 2, toVersion: 1,
      weightAfter: 0 }, where)).toBe('demo-support-bot in production: rolled back v2 → v1 by judge (JUDGE).');
    expect(changeAnnouncement({ type: 'ROLLOUT_STARTED', trigger: 'API', actor: 'token:ci', fromVersion: 1,
      toVersion: 2, weightAfter: 5 }, where)).toBe('demo-support-bot in production: rollout started v1 → v2 at 5 % '
      + 'by token:ci (API).');
    expect(changeAnnouncement({ type: 'DEPLOYED', trigger: 'DASHBOARD', actor: 'token:ann', fromVersion: null,
      toVersion: 1, weightAfter: null }, where)).toBe('demo-support-bot in production: deployed v1 by token:ann (DASHBOARD).');
  });

  it('shows rollbacks and pauses as bad news', () => {
    expect(isAlarming({ type: 'ROLLED_BACK' })).toBe(true);
    expect(isAlarming({ type: 'ROLLOUT_PAUSED' })).toBe(true);
    expect(isAlarming({ type: 'PROMOTED' })).toBe(false);
  });
});
