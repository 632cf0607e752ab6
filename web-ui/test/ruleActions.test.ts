import { describe, expect, it } from 'vitest';
import { planDefaultRules, planDeleteRule } from '../src/logic/ruleActions';

describe('planDeleteRule', () => {
  it('names the rule and sends its id', () => {
    const change = planDeleteRule('support-bot', { id: '7', expression: 'IF p95_latency > 4s THEN pause', isDefault: false });
    expect(change.sentence).toMatch(/^Delete “IF p95_latency > 4s THEN pause”: it stops being evaluated on every deployment of support-bot/);
    expect(change.variables).toEqual({ id: '7' });
  });

  it('says a deleted default rule stays deleted', () => {
    const change = planDeleteRule('support-bot', { id: '1', expression: 'IF error_rate > 5% FOR 5m THEN alert', isDefault: true });
    expect(change.sentence).toContain('does not bring it back');
  });
});

describe('planDefaultRules', () => {
  it.each([[true, 'Turn on'], [false, 'Turn off']])('enabled %s asks to %s', (enabled, confirm) => {
    const change = planDefaultRules('support-bot', enabled);
    expect(change.confirm).toBe(confirm);
    expect(change.variables).toEqual({ agent: 'support-bot', enabled });
  });
});
