import { useState } from 'preact/hooks';
import { CHANGE_REQUEST, CHANGE_REQUESTS } from '../api/documents';
import type { ChangeRequest, ChangeState } from '../api/types';
import { href, type Location } from '../app/routes';
import { navigate } from '../app/navigation';
import { useQuery } from '../app/useQuery';
import { ChangeRequestTable } from '../components/ChangeRequestTable';
import { ErrorMessage } from '../components/ErrorMessage';

const STATES: readonly ChangeState[] = ['PENDING', 'APPLIED', 'REJECTED', 'EXPIRED', 'STALE', 'FAILED'];

/**
 * Change requests of protected environments: those waiting by default ({@code ?state=} for others, "all" for every
 * state), or one request at {@code /change-requests/:id} (the link Slack's message and a new request point to).
 * Reloaded every 15 s, and at once with the server's answer to a decision made here.
 */
export function ChangeRequestsPage({ location }: { location: Location }) {
  const id = location.params.id ?? null;
  return id ? <OneRequest id={id} /> : <RequestList location={location} />;
}

function RequestList({ location }: { location: Location }) {
  const filter = location.query.get('state') ?? 'PENDING';
  const state = (STATES as readonly string[]).includes(filter) ? filter : null;
  const { data, error, loading, reload } = useQuery<{ changeRequests: ChangeRequest[] }>(CHANGE_REQUESTS,
    { state, first: 100 }, 15);
  const [decided, setDecided] = useState<Record<string, ChangeRequest>>({});
  // a request decided here stays on screen with its outcome, even when it no longer matches the filter
  const loaded = data?.changeRequests ?? [];
  const requests = [...Object.values(decided).filter((d) => !loaded.some((r) => r.id === d.id)),
    ...loaded.map((r) => decided[r.id] ?? r)];
  return (
    <main>
      <header class="page-header">
        <h1>Change requests</h1>
        <label>Show{' '}
          <select value={state ?? 'all'} onChange={(e) => navigate(href('/change-requests', {},
            { state: (e.target as HTMLSelectElement).value === 'PENDING' ? undefined : (e.target as HTMLSelectElement).value }), true)}>
            <option value="PENDING">waiting for approval</option>
            {STATES.filter((s) => s !== 'PENDING').map((s) => <option key={s} value={s}>{s.toLowerCase()}</option>)}
            <option value="all">every state</option>
          </select>
        </label>
      </header>
      <p class="muted">
        A person's deploy, rollout, advance or promote in a protected environment waits here for a second person
        (OPERATOR or ADMIN, not the requester). Approving applies it at once, only if the deployment has not changed since.
      </p>
      <ErrorMessage error={error} />
      {loading && !data && <p>Loading…</p>}
      {data && requests.length === 0 && <p class="muted" data-testid="no-requests">No change requests{state ? ` ${state.toLowerCase()}` : ''}.</p>}
      {requests.length > 0 && (
        <ChangeRequestTable requests={requests} onDecided={(r) => { setDecided({ ...decided, [r.id]: r }); reload(); }} />
      )}
    </main>
  );
}

function OneRequest({ id }: { id: string }) {
  const { data, error, reload } = useQuery<{ changeRequest: ChangeRequest | null }>(CHANGE_REQUEST, { id }, 15);
  const [decided, setDecided] = useState<ChangeRequest | null>(null);
  const request = decided?.id === id ? decided : data?.changeRequest ?? null;
  return (
    <main>
      <nav class="crumbs"><a href="/change-requests">Change requests</a> / #{id}</nav>
      <h1>Change request {id}</h1>
      <ErrorMessage error={error} />
      {request && (
        <>
          <p>
            For <a href={href('/agents/:slug', { slug: request.agent }, { environment: request.environment })}>
              {request.agent} in {request.environment}</a>, asked at generation {request.generation}.
          </p>
          <ChangeRequestTable requests={[request]} onDecided={(r) => { setDecided(r); reload(); }} />
        </>
      )}
    </main>
  );
}
