import { useEffect, useState } from 'preact/hooks';
import { AGENT, DIFF } from '../api/documents';
import type { AgentDetail, AgentVersion, Deployment, VersionDiff } from '../api/types';
import { useQuery } from '../app/useQuery';
import { useLiveDeployments } from '../app/useLive';
import { href, type Location } from '../app/routes';
import { ErrorMessage } from '../components/ErrorMessage';
import { LiveIndicator } from '../components/ConnectionBanner';
import { EventTable } from '../components/EventTable';
import { DiffView } from '../components/DiffView';
import { TrafficControls } from '../components/TrafficControls';
import { FiringBadge } from '../components/FiringBadge';
import { useFiringCounts } from '../app/useAlerts';
import { DrillPanel } from '../components/DrillPanel';
import { RollbackStatsPanel } from '../components/RollbackStatsPanel';
import { timestamp, version } from '../logic/format';

/** One agent: its deployments with their history and controls, its versions, and a diff of any two. */
export function AgentPage({ location }: { location: Location }) {
  const slug = location.params.slug as string;
  const { data, error, reload } = useQuery<{ agent: AgentDetail | null }>(AGENT, { slug });
  const agent = data?.agent ?? null;
  const live = useLiveDeployments(agent?.deployments ?? [], reload);
  const focus = location.query.get('environment');
  const firing = useFiringCounts(slug);

  useEffect(() => {
    if (focus && agent) document.getElementById(`env-${focus}`)?.scrollIntoView({ block: 'start' });
  }, [focus, agent !== null]);

  return (
    <main>
      <nav class="crumbs user-text"><a href="/agents">Agents</a> / {slug}</nav>
      <ErrorMessage error={error ?? firing.error} />
      {agent && (
        <>
          <header class="page-header">
            <h1 class="user-text">{agent.name}</h1>
            <FiringBadge agent={agent.slug} count={firing.counts ? firing.counts.get(agent.slug) ?? 0 : null}
              deployed={agent.deployments.length > 0} />
            <LiveIndicator />
            <a href={href('/agents/:slug/rules', { slug: agent.slug })}>Rules</a>
            <a href={href('/agents/:slug/alerts', { slug: agent.slug })}>Alerts</a>
          </header>
          <p class="user-text" data-testid="agent-description">{agent.description}</p>
          <h2>Deployments</h2>
          {agent.deployments.length === 0 && <p class="muted">Not deployed anywhere yet.</p>}
          {agent.deployments.map(live).map((d) => <DeploymentSection key={d.environment} deployment={d} focused={d.environment === focus}
            versions={agent.versions.edges.map((e) => e.node.number)}
            firing={firing.counts ? firing.counts.get(`${d.agent}/${d.environment}`) ?? 0 : null} />)}
          <h2>Rollback drills</h2>
          <DrillPanel agent={agent.slug} deployments={agent.deployments.map(live)} />
          <h2>Rollback statistics</h2>
          <RollbackStatsPanel agent={agent.slug} environments={agent.deployments.map((d) => d.environment)} />
          <h2>Versions</h2>
          <Versions versions={agent.versions.edges.map((e) => e.node)} />
          <h2>Compare versions</h2>
          <Compare slug={agent.slug} versions={agent.versions.edges.map((e) => e.node)} />
        </>
      )}
    </main>
  );
}

function DeploymentSection({ deployment, focused, firing, versions }: { deployment: Deployment; focused: boolean;
  firing: number | null; versions: readonly number[] }) {
  const rollout = deployment.rollout;
  return (
    <section id={`env-${deployment.environment}`} class={`deployment ${focused ? 'focused' : ''}`}
      data-testid={`deployment-${deployment.environment}`}>
      <h3>{deployment.environment} <FiringBadge agent={deployment.agent} count={firing} /></h3>
      <p>
        Stable <strong data-testid="stable">{version(deployment.stableVersion)}</strong>
        {rollout ? (
          <> · canary <a href={href('/agents/:slug/rollouts/:rolloutId', { slug: deployment.agent, rolloutId: rollout.id })}>
            {version(rollout.canaryVersion)} at {rollout.weight} %</a>{rollout.status === 'PAUSED' && ' (paused)'}</>
        ) : ' · no canary'}
        {' '}· generation {deployment.generation}
      </p>
      <TrafficControls deployment={deployment} versions={versions} />
      <EventTable events={deployment.events.edges.map((e) => e.node)} agent={deployment.agent} />
    </section>
  );
}

function Versions({ versions }: { versions: readonly AgentVersion[] }) {
  return (
    <table class="grid" data-testid="versions-table">
      <thead><tr><th>Version</th><th>Based on</th><th>Components</th><th>Message</th><th>Author</th><th>Created</th></tr></thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.number}>
            <td>{version(v.number)}</td>
            <td>{version(v.parentNumber)}</td>
            <td class="components">{v.components.map((c) => `${c.kind.toLowerCase().replace('_', ' ')} v${c.number}`).join(', ')}</td>
            <td><div class="cell-text">{v.message}</div></td>
            <td><div class="cell-text">{v.author}</div></td>
            <td>{timestamp(v.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Compare({ slug, versions }: { slug: string; versions: readonly AgentVersion[] }) {
  const newest = versions[0]?.number ?? 1;
  const [from, setFrom] = useState(Math.max(1, newest - 1));
  const [to, setTo] = useState(newest);
  if (versions.length < 2) return <p class="muted">Only one version so far.</p>;
  const pick = (value: number, set: (n: number) => void, label: string) => (
    <label>{label}{' '}
      <select aria-label={`Compare ${label}`} value={value} onChange={(e) => set(Number((e.target as HTMLSelectElement).value))}>
        {versions.map((v) => <option key={v.number} value={v.number}>{version(v.number)}</option>)}
      </select>
    </label>
  );
  return (
    <div>
      <div class="compare-pickers">{pick(from, setFrom, 'from')} {pick(to, setTo, 'to')}</div>
      <DiffResult slug={slug} from={from} to={to} />
    </div>
  );
}

function DiffResult({ slug, from, to }: { slug: string; from: number; to: number }) {
  const { data, error } = useQuery<{ diff: VersionDiff | null }>(DIFF, { agent: slug, from, to });
  if (error) return <ErrorMessage error={error} />;
  if (!data?.diff) return <p>Loading…</p>;
  if (!data.diff.changed) return <p class="muted">{version(from)} and {version(to)} behave identically: no component differs.</p>;
  return <DiffView components={data.diff.components} />;
}
