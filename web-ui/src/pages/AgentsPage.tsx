import { useState } from 'preact/hooks';
import type { AgentSummary, Deployment, EventSummary } from '../api/types';
import { allAgents, drillFreshness, filterAgents } from '../api/agents';
import { useLoader } from '../app/useQuery';
import { useDeploymentEvents } from '../app/useLive';
import { href, type Location } from '../app/routes';
import { navigate } from '../app/navigation';
import { ErrorMessage } from '../components/ErrorMessage';
import { LiveIndicator } from '../components/ConnectionBanner';
import { FiringBadge } from '../components/FiringBadge';
import { useFiringCounts } from '../app/useAlerts';
import { lastRollback } from '../logic/trafficActions';
import { ago, changeLabel, version } from '../logic/format';
import { freshness } from '../logic/drills';
import type { DrillFreshness } from '../api/types';

/** Deployments followed live at most; the others are reloaded every 30 s (a filter narrows what is shown). */
export const MAX_LIVE = 50;

/** Every agent and environment: health (firing alerts), stable version, canary and weight, last rollback; live. */
export function AgentsPage({ location }: { location: Location }) {
  // live: every traffic change of a shown deployment reloads the list; new agents and environments show within 30 s
  // the list shows the first page as soon as it is there (the rest follows), and the health badges are asked for then
  const [partial, setPartial] = useState<AgentSummary[] | null>(null);
  const { data, error, loading, reload } = useLoader(() => allAgents(setPartial), 'agents', 30);
  const listed = data ?? partial;
  const text = location.query.get('q') ?? '';
  const agents = filterAgents(listed ?? [], text);
  const shown = agents.flatMap((a) => a.deployments);
  useDeploymentEvents(shown.slice(0, MAX_LIVE), reload);
  const firing = useFiringCounts(null, listed !== null);
  // asked for once the list is there, and again with it
  const drills = useLoader(() => (listed !== null ? drillFreshness() : new Promise<never>(() => undefined)),
    `drills:${listed !== null}`, 30);

  return (
    <main>
      <header class="page-header">
        <h1>Agents</h1>
        <LiveIndicator />
        <input type="search" aria-label="Filter agents" placeholder="Filter by slug or name" value={text}
          onInput={(e) => navigate(href('/agents', {}, { q: (e.target as HTMLInputElement).value || undefined }), true)} />
      </header>
      {shown.length > MAX_LIVE && (
        <p class="muted">The first {MAX_LIVE} deployments shown update live, the others every 30 s: filter to follow others live.</p>
      )}
      <ErrorMessage error={error ?? firing.error ?? drills.error} />
      {loading && !listed && <p>Loading…</p>}
      {data && data.length === 0 && <p>No agents yet. An ADMIN registers one with <code>createAgent</code>.</p>}
      {listed && listed.length > 0 && agents.length === 0 && <p class="muted">No agent matches “{text}”{data ? '' : ' so far'}.</p>}
      {agents.length > 0 && (
        <table class="grid" data-testid="agents-table">
          <thead>
            <tr><th>Agent</th><th>Environment</th><th>Health</th><th>Stable</th><th>Canary</th><th>Last change</th><th>Last rollback</th><th>Last passing drill</th></tr>
          </thead>
          <tbody>
            {agents.flatMap((agent) => rows(agent, firing.counts, drills.data))}
          </tbody>
        </table>
      )}
      {!data && partial && <p class="muted" role="status">Loading more agents…</p>}
    </main>
  );
}

function rows(agent: AgentSummary, firing: Map<string, number> | null, drills: Map<string, DrillFreshness> | null) {
  // a name or slug without spaces wraps within its column instead of widening the table (200 characters are valid)
  const link = (
    <div class="cell-text">
      <a href={href('/agents/:slug', { slug: agent.slug })} title={agent.name}>{agent.name}</a>
      <div class="muted">{agent.slug}</div>
    </div>
  );
  if (agent.deployments.length === 0) {
    return [(
      <tr key={agent.slug} data-agent={agent.slug}>
        <td>{link}</td>
        <td colSpan={7} class="muted">not deployed</td>
      </tr>
    )];
  }
  return agent.deployments.map((deployment, i) => (
    <tr key={`${agent.slug}/${deployment.environment}`} data-agent={agent.slug} data-environment={deployment.environment}>
      <td>{i === 0 && link}</td>
      <td>{deployment.environment}</td>
      <td><FiringBadge agent={agent.slug}
        count={firing ? firing.get(`${agent.slug}/${deployment.environment}`) ?? 0 : null} /></td>
      <td data-testid="stable">{version(deployment.stableVersion)}</td>
      <td data-testid="canary"><Canary deployment={deployment} /></td>
      <td>{latest(deployment)}</td>
      <td data-testid="last-rollback">{rollback(deployment)}</td>
      <td data-testid="drill">{drill(drills ? drills.get(`${agent.slug}/${deployment.environment}`) ?? null : null)}</td>
    </tr>
  ));
}

function Canary({ deployment }: { deployment: Deployment<EventSummary> }) {
  const rollout = deployment.rollout;
  if (!rollout) return <span class="muted">none</span>;
  return (
    <a href={href('/agents/:slug/rollouts/:rolloutId', { slug: deployment.agent, rolloutId: rollout.id })}>
      {version(rollout.canaryVersion)} at {rollout.weight} %{rollout.status === 'PAUSED' ? ' (paused)' : ''}
    </a>
  );
}

function latest(deployment: Deployment<EventSummary>) {
  const event = deployment.events.edges[0]?.node;
  if (!event) return <span class="muted">—</span>;
  return <span title={event.committedAt}>{changeLabel(event.type)} {ago(event.committedAt)}</span>;
}

function rollback(deployment: Deployment<EventSummary>) {
  const event = lastRollback(deployment.events.edges.map((e) => e.node));
  if (!event) return <span class="muted">none recently</span>;
  return (
    <span title={`${event.committedAt} by ${event.actor}`}>
      {version(event.fromVersion)} → {version(event.toVersion)}, {ago(event.committedAt)} ({event.trigger.toLowerCase()})
    </span>
  );
}

function drill(deployment: DrillFreshness | null) {
  if (!deployment) return <span class="muted">…</span>;
  const { text, overdue } = freshness(deployment);
  return (
    <span title={deployment.lastPassingDrill ? deployment.lastPassingDrill.finishedAt : undefined}>
      {text}{overdue && <> <span class="overdue" data-testid="drill-overdue">drill overdue</span></>}
    </span>
  );
}
