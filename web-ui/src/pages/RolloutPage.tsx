import { useEffect, useState } from 'preact/hooks';
import { AGENT, CANARY_COMPARISON } from '../api/documents';
import type { AgentDetail, CanaryComparison, Deployment, DeploymentEvent } from '../api/types';
import type { ApiError } from '../api/errors';
import { useQuery } from '../app/useQuery';
import { useLiveDeployments, useSubscription } from '../app/useLive';
import { href, type Location } from '../app/routes';
import { ErrorMessage } from '../components/ErrorMessage';
import { LiveIndicator } from '../components/ConnectionBanner';
import { EventTable } from '../components/EventTable';
import { TrafficControls } from '../components/TrafficControls';
import { ComparisonTable } from '../components/ComparisonTable';
import { MetricChart } from '../components/MetricChart';
import { append, type History } from '../logic/series';
import { changeLabel, duration, timestamp, version } from '../logic/format';

/**
 * One rollout: its steps so far, the live canary comparison (the canaryComparison subscription: at once, then
 * after every judging interval, until the rollout ends) with charts over time, and the traffic buttons.
 */
export function RolloutPage({ location }: { location: Location }) {
  const slug = location.params.slug as string;
  const rolloutId = location.params.rolloutId as string;
  const { data, error, reload } = useQuery<{ agent: AgentDetail | null }>(AGENT, { slug });
  const loaded = data?.agent ? findDeployment(data.agent.deployments, rolloutId) : null;
  const live = useLiveDeployments(loaded ? [loaded] : [], reload);
  const deployment = loaded && live(loaded);
  const running = deployment?.rollout?.id === rolloutId;

  return (
    <main>
      <nav class="crumbs">
        <a href="/agents">Agents</a> / <a href={href('/agents/:slug', { slug })}>{slug}</a> / rollout {rolloutId}
      </nav>
      <ErrorMessage error={error} />
      {data && !deployment && <p class="error" role="alert">Agent {slug} has no rollout {rolloutId}.</p>}
      {deployment && (
        <>
          <header class="page-header">
            <h1>Rollout {rolloutId} of {slug} in {deployment.environment}</h1>
            <LiveIndicator />
          </header>
          <Status deployment={deployment} rolloutId={rolloutId} />
          {running && <TrafficControls deployment={deployment} rolloutControls />}
          <Steps events={rolloutEvents(deployment, rolloutId)} />
          {running && <LiveComparison rolloutId={rolloutId} />}
          <h2>History of {deployment.environment}</h2>
          <EventTable events={deployment.events.edges.map((e) => e.node)} agent={slug} />
        </>
      )}
    </main>
  );
}

/** The deployment whose current rollout, or one of whose past events, is this rollout. */
function findDeployment(deployments: readonly Deployment[], rolloutId: string): Deployment | null {
  return deployments.find((d) => d.rollout?.id === rolloutId)
    ?? deployments.find((d) => d.events.edges.some((e) => e.node.rolloutId === rolloutId)) ?? null;
}

/** This rollout's events, oldest first. */
function rolloutEvents(deployment: Deployment, rolloutId: string): DeploymentEvent[] {
  return deployment.events.edges.map((e) => e.node).filter((e) => e.rolloutId === rolloutId).reverse();
}

function Status({ deployment, rolloutId }: { deployment: Deployment; rolloutId: string }) {
  const rollout = deployment.rollout;
  if (rollout && rollout.id === rolloutId) {
    return (
      <p class="status" data-testid="rollout-status">
        {rollout.status === 'PAUSED' ? 'Paused' : 'Running'}: canary {version(rollout.canaryVersion)} at{' '}
        <strong>{rollout.weight} %</strong>, stable {version(deployment.stableVersion)}.
      </p>
    );
  }
  const end = deployment.events.edges.map((e) => e.node)
    .find((e) => e.rolloutId === rolloutId && (e.type === 'PROMOTED' || e.type === 'ROLLED_BACK'));
  return (
    <p class="status ended" data-testid="rollout-status">
      {end ? (
        <>Ended: <strong>{changeLabel(end.type)}</strong> ({version(end.fromVersion)} → {version(end.toVersion)}) by {end.actor}
          {' '}({end.trigger}) at {timestamp(end.committedAt)}{end.reason ? <>: “{end.reason}”</> : ''}.</>
      ) : 'This rollout has ended.'}
      {' '}{deployment.environment} now runs {version(deployment.stableVersion)}.
    </p>
  );
}

function Steps({ events }: { events: readonly DeploymentEvent[] }) {
  if (events.length === 0) return null;
  return (
    <ol class="steps" data-testid="steps">
      {events.map((e) => (
        <li key={e.id} class={`step step-${e.type.toLowerCase()}`}>
          <strong>{changeLabel(e.type)}</strong>
          {e.weightAfter != null && ` at ${e.weightAfter} %`} · {timestamp(e.committedAt)} · {e.actor} ({e.trigger})
        </li>
      ))}
    </ol>
  );
}

function LiveComparison({ rolloutId }: { rolloutId: string }) {
  const [latest, setLatest] = useState<CanaryComparison | null>(null);
  const [history, setHistory] = useState<History>({});
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    setLatest(null);
    setHistory({});
  }, [rolloutId]);
  useSubscription<{ canaryComparison: CanaryComparison }>(CANARY_COMPARISON, { rolloutId }, {
    next: ({ canaryComparison }) => {
      setError(null);
      setLatest(canaryComparison);
      setHistory((old) => append(old, canaryComparison));
    },
    error: setError,
  });

  return (
    <section class="comparison" data-testid="comparison">
      <h2>Canary vs stable</h2>
      <ErrorMessage error={error} />
      {!latest && !error && <p>Waiting for the first comparison…</p>}
      {latest && (
        <>
          <Progress comparison={latest} />
          <ComparisonTable comparison={latest} />
          <div class="charts">
            {latest.metrics.map((m) => (
              <figure key={m.metric}>
                <MetricChart metric={m.metric} series={history[m.metric]} />
                <figcaption>{m.metric.toLowerCase().replaceAll('_', ' ')}: effect, interval, tolerance</figcaption>
              </figure>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function Progress({ comparison: c }: { comparison: CanaryComparison }) {
  const ratio = c.sampleRatio;
  return (
    <div class="progress">
      <p data-testid="step">
        {c.planned && c.step != null && c.steps != null
          ? <>Step <strong>{c.step} of {c.steps}</strong> at {c.weight} %{c.stepSecondsLeft > 0 ? `, at least ${duration(c.stepSecondsLeft)} left` : ', minimum duration reached'}.</>
          : <>Driven by hand, at {c.weight} %.</>}
        {' '}Step started {timestamp(c.stepStartedAt)}; judged {timestamp(c.judgedAt)}.
      </p>
      {c.planned && c.step != null && c.steps != null && (
        <progress max={c.steps} value={c.step - 1 + (c.stepSecondsLeft > 0 ? 0.5 : 1)} aria-label="rollout progress" />
      )}
      <p class={ratio.mismatch ? 'error' : 'muted'}>
        Canary share {(ratio.observedShare * 100).toFixed(1)} % of requests, expected {(ratio.expectedShare * 100).toFixed(1)} %
        {ratio.mismatch ? ': sample-ratio mismatch — reporting or bucketing is broken; the rollout holds.' : '.'}
      </p>
      <p class="muted">
        Latency p50 / p95: stable {Math.round(c.stableLatencyP50)} / {Math.round(c.stableLatencyP95)} ms, canary{' '}
        {Math.round(c.canaryLatencyP50)} / {Math.round(c.canaryLatencyP95)} ms.
      </p>
    </div>
  );
}
