/**
 * What a rule's action did, in words, from the alert's actionOutcome: DONE, DONE (rollback instead: CODE) when a
 * fallback's version was held and the rule rolled back, SKIPPED and SKIPPED (cooldown), BREAKER <state> as a circuit
 * breaker moves, null while it runs, and an error code when it was refused.
 */
export function actionOutcome(actionOutcome: string | null): string {
  if (actionOutcome == null) return 'running…';
  if (actionOutcome === 'DONE') return 'done';
  const instead = /^DONE \(rollback instead: (.+)\)$/.exec(actionOutcome);
  if (instead) return `rolled back instead (the fallback version was held: ${instead[1]})`;
  if (actionOutcome === 'SKIPPED') return 'skipped (nothing to act on)';
  if (actionOutcome === 'SKIPPED (cooldown)') return 'skipped (cooldown)';
  if (actionOutcome.startsWith('BREAKER ')) {
    return `circuit breaker ${actionOutcome.slice('BREAKER '.length).toLowerCase().replace('_', '-')}`;
  }
  return `refused: ${actionOutcome}`;
}
