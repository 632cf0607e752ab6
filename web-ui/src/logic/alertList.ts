import type { Alert, AlertEvent, AlertState } from '../api/types';

/**
 * The alerts a page shows, kept current by the {@code alerts} subscription. An alert only moves forward: FIRING to
 * RESOLVED, its action's outcome and its acknowledgement from none to set. So merging two copies keeps the more
 * advanced value of each field, and the order in which a loaded page and live events arrive does not matter:
 * an event older than the page it lands on changes nothing.
 */
export interface AlertFilter {
  state: AlertState | null;
  agent: string | null;
}

/** The two copies of one alert as one, each field as far along as either copy has it. */
export function mergeAlert(a: Alert, b: Alert): Alert {
  return {
    ...a,
    ...b,
    state: a.state === 'RESOLVED' || b.state === 'RESOLVED' ? 'RESOLVED' : 'FIRING',
    resolvedAt: b.resolvedAt ?? a.resolvedAt,
    actionOutcome: b.actionOutcome ?? a.actionOutcome,
    acknowledgedBy: b.acknowledgedBy ?? a.acknowledgedBy,
    acknowledgedAt: b.acknowledgedAt ?? a.acknowledgedAt,
  };
}

export function matches(alert: Alert, filter: AlertFilter): boolean {
  return (!filter.state || alert.state === filter.state) && (!filter.agent || alert.agent === filter.agent);
}

/**
 * The loaded alerts (newest first) with the events received since, as the page shows them. A new alert is added
 * in its place (newest first, by id) unless it is older than the oldest loaded one while more pages exist (it
 * belongs to a page not loaded yet); an alert that no longer matches the filter (resolved, while showing firing
 * alerts) leaves the list.
 */
export function withEvents(loaded: readonly Alert[], events: readonly AlertEvent[], filter: AlertFilter,
  hasMore: boolean): Alert[] {
  const byId = new Map<string, Alert>();
  for (const alert of loaded) byId.set(alert.id, alert);
  const oldest = loaded.length > 0 ? Math.min(...loaded.map((a) => Number(a.id))) : Infinity;
  for (const { alert } of events) {
    const known = byId.get(alert.id);
    if (known) byId.set(alert.id, mergeAlert(known, alert));
    else if (!hasMore || Number(alert.id) > oldest) byId.set(alert.id, alert);
  }
  return [...byId.values()].filter((a) => matches(a, filter)).sort((a, b) => Number(b.id) - Number(a.id));
}

/** Firing alerts per deployment ("agent/environment") and per agent, for the health badges. */
export function firingCounts(alerts: readonly Alert[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const alert of alerts) {
    if (alert.state !== 'FIRING') continue;
    for (const key of [alert.agent, `${alert.agent}/${alert.environment}`]) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
