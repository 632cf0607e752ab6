import { useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { ACKNOWLEDGE_ALERT } from '../api/documents';
import { alertPage, type AlertsAnswer } from '../api/alerts';
import type { Alert, AlertState } from '../api/types';
import { can } from '../auth/roles';
import { session } from '../auth/session';
import { href, type Location } from '../app/routes';
import { navigate } from '../app/navigation';
import { useLoader } from '../app/useQuery';
import { useStore } from '../app/useStore';
import { useAlertEvents } from '../app/useAlerts';
import { AlertTable } from '../components/AlertTable';
import { ErrorMessage } from '../components/ErrorMessage';
import { LiveIndicator } from '../components/ConnectionBanner';
import { withEvents } from '../logic/alertList';

interface More {
  key: string;
  alerts: Alert[];
  cursor: string | null;
  error: unknown;
}

/**
 * Alerts, newest first, of every agent ({@code /alerts?agent=…&state=FIRING}) or one ({@code /agents/x/alerts}):
 * the loaded pages kept current by the alerts subscription; OPERATOR and ADMIN acknowledge them here.
 */
export function AlertsPage({ location }: { location: Location }) {
  const fixedAgent = location.params.slug ?? null;
  const agent = fixedAgent ?? (location.query.get('agent')?.trim() || null);
  const state = stateOf(location.query.get('state'));
  const filter = { state, agent };
  const key = JSON.stringify(filter);
  const { data, error, loading } = useLoader(() => alertPage(state, agent), key);
  const { events, add } = useAlertEvents(agent);
  const [more, setMore] = useState<More>({ key: '', alerts: [], cursor: null, error: null });
  const [acknowledging, setAcknowledging] = useState<string | null>(null);
  const [ackError, setAckError] = useState<unknown>(null);
  const { viewer } = useStore(session);

  const extra = more.key === key ? more : { key, alerts: [], cursor: null, error: null };
  const cursor = extra.cursor ?? data?.alerts.pageInfo?.endCursor ?? null;
  const hasMore = extra.alerts.length > 0 ? extra.cursor !== null : !!data?.alerts.pageInfo?.hasNextPage;
  const loaded = [...(data?.alerts.edges.map((e) => e.node) ?? []), ...extra.alerts];
  const shown = withEvents(loaded, events, filter, hasMore);

  const go = (changes: { state?: string; agent?: string }) => {
    const query = { state: state ?? undefined, agent: fixedAgent ? undefined : agent ?? undefined, ...changes };
    for (const name of ['state', 'agent'] as const) if (query[name] === '') query[name] = undefined;
    navigate(fixedAgent ? href('/agents/:slug/alerts', { slug: fixedAgent }, query) : href('/alerts', {}, query), true);
  };
  const loadMore = async () => {
    try {
      const page: AlertsAnswer = await alertPage(state, agent, cursor);
      setMore({ key, alerts: [...extra.alerts, ...page.alerts.edges.map((e) => e.node)],
        cursor: page.alerts.pageInfo?.hasNextPage ? page.alerts.pageInfo.endCursor ?? null : null, error: null });
    } catch (failure) {
      setMore({ ...extra, error: failure });
    }
  };
  const acknowledge = async (alert: Alert) => {
    setAcknowledging(alert.id);
    setAckError(null);
    try {
      const answer = await graphql<{ acknowledgeAlert: Alert }>(ACKNOWLEDGE_ALERT, { id: alert.id });
      add({ change: 'ACKNOWLEDGED', alert: answer.acknowledgeAlert });
    } catch (failure) {
      setAckError(failure);
    } finally {
      setAcknowledging(null);
    }
  };

  return (
    <main>
      {fixedAgent && (
        <nav class="crumbs"><a href="/agents">Agents</a> / <a href={href('/agents/:slug', { slug: fixedAgent })}>{fixedAgent}</a> / alerts</nav>
      )}
      <header class="page-header">
        <h1>{fixedAgent ? `Alerts of ${fixedAgent}` : 'Alerts'}</h1>
        <LiveIndicator />
        {fixedAgent && <a href={href('/agents/:slug/rules', { slug: fixedAgent })}>Rules</a>}
      </header>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>State
          <select name="state" value={state ?? ''} onChange={(e) => go({ state: (e.target as HTMLSelectElement).value })}>
            <option value="">firing and resolved</option>
            <option value="FIRING">firing</option>
            <option value="RESOLVED">resolved</option>
          </select>
        </label>
        {!fixedAgent && (
          <label>Agent
            <input type="search" name="agent" placeholder="slug" value={agent ?? ''}
              onChange={(e) => go({ agent: (e.target as HTMLInputElement).value.trim() })} />
          </label>
        )}
      </form>
      <ErrorMessage error={error ?? extra.error ?? ackError} />
      {loading && !data && <p>Loading…</p>}
      {data && shown.length === 0 && <p class="muted" data-testid="no-alerts">No alerts{state ? ` ${state.toLowerCase()}` : ''}.</p>}
      {shown.length > 0 && (
        <AlertTable alerts={shown} acknowledging={acknowledging}
          onAcknowledge={can(viewer?.role, 'acknowledgeAlerts') ? acknowledge : undefined} />
      )}
      {hasMore && <button type="button" onClick={loadMore}>Load more</button>}
    </main>
  );
}

function stateOf(text: string | null): AlertState | null {
  return text === 'FIRING' || text === 'RESOLVED' ? text : null;
}
