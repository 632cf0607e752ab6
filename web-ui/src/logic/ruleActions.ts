import type { TriggerRule } from '../api/types';
import type { PlannedChange } from './trafficActions';

/** What the rule page's confirmations say and send: deleting a rule, turning the default rules off or on. */
export function planDeleteRule(agent: string, rule: Pick<TriggerRule, 'id' | 'expression' | 'isDefault'>): PlannedChange {
  return {
    title: `Delete this rule of ${agent}?`,
    sentence: `Delete “${rule.expression}”: it stops being evaluated on every deployment of ${agent} at once; its `
      + `alerts stay.${rule.isDefault ? ' It is a default rule: turning the default rules off and on does not bring it back.' : ''}`,
    confirm: 'Delete rule',
    variables: { id: rule.id },
  };
}

export function planDefaultRules(agent: string, enabled: boolean): PlannedChange {
  return enabled ? {
    title: `Turn the default rules of ${agent} on?`,
    sentence: `The four default rules (alert above 5 % errors, roll back above 15 % errors, on a 20 % drop in task `
      + `completion, or at 3× the baseline cost) are evaluated on every deployment of ${agent} again.`,
    confirm: 'Turn on',
    variables: { agent, enabled },
  } : {
    title: `Turn the default rules of ${agent} off?`,
    sentence: `The four default rules stop being evaluated on every deployment of ${agent}: nothing rolls it back `
      + 'on errors, task completion or cost unless a rule of its own does.',
    confirm: 'Turn off',
    variables: { agent, enabled },
  };
}
