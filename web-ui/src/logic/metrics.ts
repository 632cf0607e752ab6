import type { Metric, MetricComparison } from '../api/types';

/**
 * How each of the judge's metrics reads (docs/judge.md): rates in percent and their effects in percentage points;
 * latency as the typical (geometric-mean) latency, its effect — a difference of means of ln(1 + ms) — as a relative
 * change; cost in USD; eval score as is. {@code harm} is the direction in which the canary gets worse.
 */
interface MetricStyle {
  label: string;
  harm: 1 | -1;
  value(v: number): string;
  effect(e: number): string;
}

const rate = (v: number) => `${(v * 100).toFixed(2)} %`;
const points = (e: number) => `${signed(e * 100, 2)} points`;
const relative = (e: number) => `${signed((Math.exp(e) - 1) * 100, 1)} %`;

export const METRICS: Record<Metric, MetricStyle> = {
  ERROR_RATE: { label: 'Error rate', harm: 1, value: rate, effect: points },
  TASK_COMPLETION: { label: 'Task completion', harm: -1, value: rate, effect: points },
  TOOL_ERROR_RATE: { label: 'Tool error rate', harm: 1, value: rate, effect: points },
  LATENCY: { label: 'Latency (typical)', harm: 1, value: (v) => `${Math.round(Math.expm1(v))} ms`, effect: relative },
  COST_PER_REQUEST: { label: 'Cost per request', harm: 1, value: (v) => `$${v.toFixed(4)}`,
    effect: (e) => `${e < 0 ? '−' : '+'}$${Math.abs(e).toFixed(4)}` },
  EVAL_SCORE: { label: 'Eval score', harm: -1, value: (v) => v.toFixed(3), effect: (e) => signed(e, 3) },
};

export function signed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value < 0 ? '−' : '+'}${text}`;
}

/** The interval as text, "+1.52 to +13.08 points", or "—" while there are too few samples. */
export function interval(m: Pick<MetricComparison, 'metric' | 'lower' | 'upper'>): string {
  if (m.lower == null || m.upper == null) return '—';
  const style = METRICS[m.metric];
  return `${style.effect(m.lower)} to ${style.effect(m.upper)}`;
}

/** The tolerance as a signed limit in the harmful direction: "+1.00 points", "−2.00 points", "+10.0 %". */
export function tolerance(m: Pick<MetricComparison, 'metric' | 'tolerance'>): string {
  const style = METRICS[m.metric];
  return style.effect(style.harm * Math.abs(m.tolerance));
}

/**
 * The time to a verdict at the current weight, "about 5 h 54 min at 5 %", then at the weights still to come;
 * null when the metric has a verdict already or no estimate.
 */
export function estimates(m: Pick<MetricComparison, 'estimates'>, currentWeight: number):
  { weight: number; seconds: number; current: boolean }[] {
  return [...m.estimates]
    .sort((a, b) => a.weight - b.weight)
    .map((e) => ({ ...e, current: e.weight === currentWeight }));
}
