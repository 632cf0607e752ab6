import { millis } from './format';

/**
 * The metrics trigger rules watch and how their values read (the server's RuleMetric): rates as percent, latencies
 * in ms, cost in USD, tokens as a count, eval scores 0 to 1, request rates per second. Alert values arrive in the
 * base unit (rates 0 to 1, latencies ms, USD), so {@code error_rate} 0.3 reads "30 %", {@code p95_latency} 4210.5
 * reads "4211 ms", {@code cost_per_request} 0.0061 reads "$0.0061".
 */
export type RuleUnit = 'PERCENT' | 'DURATION' | 'USD' | 'COUNT' | 'SCORE' | 'PER_SECOND';

export const RULE_METRICS: Readonly<Record<string, RuleUnit>> = {
  error_rate: 'PERCENT',
  task_completion_rate: 'PERCENT',
  tool_error_rate: 'PERCENT',
  p50_latency: 'DURATION',
  p95_latency: 'DURATION',
  p99_latency: 'DURATION',
  cost_per_request: 'USD',
  tokens_per_request: 'COUNT',
  eval_score: 'SCORE',
  request_rate: 'PER_SECOND',
};

/** The metric a rule watches, from its text ("IF error_rate > 15% …" → "error_rate"); null if it names none known. */
export function ruleMetric(rule: string): string | null {
  const name = /^\s*IF\s+([A-Za-z0-9_]+)/i.exec(rule)?.[1]?.toLowerCase();
  return name && name in RULE_METRICS ? name : null;
}

/** A value in its metric's base unit as people read it; "—" when there is none. */
export function ruleValue(metric: string | null, value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '—';
  switch (metric ? RULE_METRICS[metric] : undefined) {
    case 'PERCENT':
      return `${trimmed(value * 100, 2)} %`;
    case 'DURATION':
      return millis(value);
    case 'USD':
      return `$${value.toFixed(4)}`;
    case 'COUNT':
      return String(Math.round(value));
    case 'SCORE':
      return value.toFixed(3);
    case 'PER_SECOND':
      return `${trimmed(value, 2)}/s`;
    default:
      return trimmed(value, 4);
  }
}

/** At most {@code digits} decimals, without trailing zeros: 30.000000000000004 → "30", 12.345 → "12.35". */
export function trimmed(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}
