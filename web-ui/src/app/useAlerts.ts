import { useMemo, useState } from 'preact/hooks';
import { ALERT_EVENTS } from '../api/documents';
import { firingAlerts } from '../api/alerts';
import type { AlertEvent } from '../api/types';
import { firingCounts, withEvents } from '../logic/alertList';
import { useSubscription } from './useLive';
import { useLoader } from './useQuery';

/** Events kept at most; a page reloads what it shows after a reconnection anyway. */
const MAX_EVENTS = 1000;

/**
 * The alerts subscription's events (one agent's, or every agent's for null) received while the component is
 * mounted, oldest first. Changing the agent starts again. {@code add} records an answer of the page's own
 * mutation the same way, so it shows before its event arrives.
 */
export function useAlertEvents(agent: string | null, enabled = true): { events: AlertEvent[]; add(event: AlertEvent): void } {
  const [received, setReceived] = useState<{ agent: string | null; events: AlertEvent[] }>({ agent, events: [] });
  const add = (event: AlertEvent) => setReceived((current) => ({
    agent, events: [...(current.agent === agent ? current.events : []), event].slice(-MAX_EVENTS),
  }));
  useSubscription<{ alerts: AlertEvent }>(ALERT_EVENTS, !enabled ? null : agent ? { agent } : {},
    { next: (data) => add(data.alerts) });
  return { events: received.agent === agent ? received.events : [], add };
}

/**
 * Firing alerts per deployment ("agent/environment") and per agent, for the health badges: loaded, then kept
 * current by the alerts subscription; null until loaded. With {@code enabled} false nothing is asked yet (a page
 * asks for its own data first).
 */
export function useFiringCounts(agent: string | null, enabled = true): { counts: Map<string, number> | null;
  error: unknown } {
  const { data, error } = useLoader(() => (enabled ? firingAlerts(agent) : new Promise<never>(() => undefined)),
    `firing:${agent ?? ''}:${enabled}`);
  const { events } = useAlertEvents(agent, enabled);
  const counts = useMemo(() => (data ? firingCounts(withEvents(data, events, { state: 'FIRING', agent }, false)) : null),
    [data, events, agent]);
  return { counts, error };
}
