import type { CanaryComparison, Metric } from '../api/types';
import { METRICS } from './metrics';

/**
 * The comparisons seen so far, per metric, as columns for a chart: time (seconds), effect, interval ends and the
 * tolerance (signed: on the harmful side). Bounded: the oldest points go first beyond {@link MAX_POINTS}.
 */
export const MAX_POINTS = 720; // an hour at one comparison every 5 s

export interface MetricSeries {
  time: number[];
  effect: number[];
  lower: (number | null)[];
  upper: (number | null)[];
  tolerance: number[];
}

export type History = Partial<Record<Metric, MetricSeries>>;

/** A new history with the comparison appended (the same judgement twice is added once). */
export function append(history: History, comparison: CanaryComparison): History {
  const time = Date.parse(comparison.judgedAt) / 1000;
  const next: History = { ...history };
  for (const m of comparison.metrics) {
    const old = history[m.metric] ?? { time: [], effect: [], lower: [], upper: [], tolerance: [] };
    if (old.time.length > 0 && old.time[old.time.length - 1] === time) continue;
    const keep = old.time.length >= MAX_POINTS ? 1 : 0;
    next[m.metric] = {
      time: [...old.time.slice(keep), time],
      effect: [...old.effect.slice(keep), m.effect],
      lower: [...old.lower.slice(keep), m.lower],
      upper: [...old.upper.slice(keep), m.upper],
      tolerance: [...old.tolerance.slice(keep), METRICS[m.metric].harm * Math.abs(m.tolerance)],
    };
  }
  return next;
}
