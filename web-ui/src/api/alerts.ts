import { graphql } from './http';
import { ALERTS } from './documents';
import type { Alert, AlertState, Connection } from './types';

export interface AlertsAnswer {
  alerts: Connection<Alert>;
}

/** Alerts per page of the alerts page; the API allows up to 100. */
export const ALERT_PAGE = 50;

/** At most this many firing alerts are counted for the health badges (10 pages of 100). */
export const MAX_FIRING = 1000;

/** One page of alerts, newest first. */
export function alertPage(state: AlertState | null, agent: string | null, after: string | null = null,
  first = ALERT_PAGE): Promise<AlertsAnswer> {
  return graphql<AlertsAnswer>(ALERTS, { state, agent, first, after });
}

/** Every firing alert (of one agent, or of all), following the pages, up to {@link MAX_FIRING}. */
export async function firingAlerts(agent: string | null): Promise<Alert[]> {
  const alerts: Alert[] = [];
  let after: string | null = null;
  do {
    const page: AlertsAnswer = await alertPage('FIRING', agent, after, 100);
    alerts.push(...page.alerts.edges.map((e) => e.node));
    after = page.alerts.pageInfo?.hasNextPage ? page.alerts.pageInfo.endCursor ?? null : null;
  } while (after && alerts.length < MAX_FIRING);
  return alerts;
}
