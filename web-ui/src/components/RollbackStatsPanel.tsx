import { useMemo, useState } from 'preact/hooks';
import { ROLLBACK_STATS } from '../api/documents';
import type { RollbackStats } from '../api/types';
import { useQuery } from '../app/useQuery';
import { DEFAULT_PERIOD, PERIODS, failureRate, sinceFor, summary, type PeriodKey } from '../logic/rollbackStats';
import { ErrorMessage } from './ErrorMessage';

/** An agent's rollback statistics (docs/rollback-metrics.md) for a period chosen here, one environment or all. */
export function RollbackStatsPanel({ agent, environments }: { agent: string; environments: readonly string[] }) {
  const [period, setPeriod] = useState<PeriodKey>(DEFAULT_PERIOD);
  const [environment, setEnvironment] = useState('');
  const since = useMemo(() => sinceFor(period), [period]);
  const { data, error } = useQuery<{ rollbackStats: RollbackStats }>(ROLLBACK_STATS,
    { agent, environment: environment || null, since });
  const stats = data?.rollbackStats;
  return (
    <section data-testid="rollback-stats">
      <form class="inline-form" onSubmit={(e) => e.preventDefault()}>
        <label>Period
          <select value={period} onChange={(e) => setPeriod((e.target as HTMLSelectElement).value as PeriodKey)}>
            {PERIODS.map((p) => <option key={p.key} value={p.key}>{p.label}</option>)}
          </select>
        </label>
        <label>Environment
          <select value={environment} onChange={(e) => setEnvironment((e.target as HTMLSelectElement).value)}>
            <option value="">every environment</option>
            {environments.map((env) => <option key={env} value={env}>{env}</option>)}
          </select>
        </label>
      </form>
      <ErrorMessage error={error} />
      {stats && (
        <dl class="stats">
          <div><dt>Releases</dt><dd>{stats.releases}</dd></div>
          <div><dt>Rollbacks</dt><dd data-testid="stats-rollbacks">{stats.rollbacks}
            {stats.drillRollbacks > 0 && <span class="muted"> (+{stats.drillRollbacks} by drills)</span>}</dd></div>
          <div><dt>By trigger</dt><dd>{stats.byTrigger.length === 0 ? 'none'
            : stats.byTrigger.map((t) => `${t.trigger.toLowerCase()} ${t.count}`).join(', ')}</dd></div>
          <div><dt>Change-failure rate</dt><dd data-testid="stats-cfr">{failureRate(stats.changeFailureRate)}</dd></div>
          <div><dt>Decision → commit</dt><dd>{summary(stats.decisionToCommit)}</dd></div>
          <div><dt>Decision → propagated</dt><dd>{summary(stats.decisionToPropagated)}</dd></div>
          <div><dt>Time to detect (rules, judge)</dt><dd>{summary(stats.timeToDetect)}</dd></div>
          <div><dt>Time to recover</dt><dd>{summary(stats.timeToRecover)}</dd></div>
          <div><dt>Stopped by judge / rules</dt><dd>{stats.stoppedByJudge} / {stats.stoppedByRules}</dd></div>
          <div><dt>Propagation</dt><dd>{stats.propagation.acknowledged} acknowledged, {stats.propagation.noRuntimes} without
            runtimes, {stats.propagation.timedOut} timed out{stats.propagation.pending ? `, ${stats.propagation.pending} pending` : ''}</dd></div>
        </dl>
      )}
    </section>
  );
}
