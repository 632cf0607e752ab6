import type { DurationStats } from '../api/types';
import { duration, millis } from './format';

/** The periods the rollback statistics can be shown for; the server allows up to 400 days back. */
export const PERIODS = [
  { key: '24h', label: 'last 24 hours', days: 1 },
  { key: '7d', label: 'last 7 days', days: 7 },
  { key: '30d', label: 'last 30 days', days: 30 },
  { key: '90d', label: 'last 90 days', days: 90 },
  { key: '365d', label: 'last 365 days', days: 365 },
] as const;

export type PeriodKey = (typeof PERIODS)[number]['key'];

export const DEFAULT_PERIOD: PeriodKey = '30d';

export function periodOf(text: string | null): PeriodKey {
  return PERIODS.find((p) => p.key === text)?.key ?? DEFAULT_PERIOD;
}

/**
 * The start of a period ending now, as the API's {@code since}, rounded down to the minute: the page asks again with
 * the same value while it stays open, rather than with a new instant every render.
 */
export function sinceFor(period: PeriodKey, now = Date.now()): string {
  const days = PERIODS.find((p) => p.key === period)?.days ?? 30;
  const start = Math.floor((now - days * 86_400_000) / 60_000) * 60_000;
  return new Date(start).toISOString();
}

/** A duration in ms as people read it: ms below 10 s, then seconds, minutes, hours. */
export function readable(ms: number | null | undefined): string {
  if (ms == null) return '—';
  return ms < 10_000 ? millis(ms) : duration(ms / 1000);
}

/** "median 12.3 ms · p95 40 ms (7)"; "none measured" without samples. */
export function summary(stats: DurationStats): string {
  if (stats.samples === 0) return 'none measured';
  return `median ${readable(stats.medianMillis)} · p95 ${readable(stats.p95Millis)} (${stats.samples})`;
}

/** The change-failure rate as percent; "—" without releases. */
export function failureRate(rate: number | null): string {
  if (rate == null) return '— (no releases)';
  return `${Math.round(rate * 1000) / 10} %`;
}
