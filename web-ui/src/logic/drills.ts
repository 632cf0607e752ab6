import type { Deployment, DrillFreshness, DrillMode, DrillResult, EventSummary } from '../api/types';
import { ago, millis, version } from './format';
import { previousStable } from './trafficActions';

/**
 * Rollback drills as the dashboard shows and asks for them (docs/drills.md): the freshness of a deployment's last
 * passing drill, the confirmation of a drill that names what it will do, and the steps of a result.
 */

/** The agents list's drill cell: when and how the last passing drill ran, and whether the deployment is overdue. */
export function freshness(deployment: DrillFreshness, now = Date.now()): { text: string; overdue: boolean } {
  const last = deployment.lastPassingDrill;
  const overdue = deployment.drillOverdue === true;
  if (!last) return { text: 'never passed a drill', overdue };
  return { text: `${modeLabel(last.mode)} passed ${ago(last.finishedAt, now)}`, overdue };
}

export function modeLabel(mode: DrillMode): string {
  return mode === 'LIVE' ? 'live' : 'dry run';
}

export interface PlannedDrill {
  title: string;
  sentence: string;
  confirm: string;
  variables: { agent: string; environment: string; mode: DrillMode };
  /** Why the server would refuse it (a LIVE drill during a rollout): the dialog offers no confirm button. */
  impossible?: string;
}

/**
 * What a drill of this deployment will do, named exactly. A DRY_RUN rehearses the rollback that would happen now and
 * changes nothing; a LIVE drill rolls back to the previous known-good version (where a rollback goes, the same rule as
 * the server's), waits for every connected runtime's acknowledgement and rolls forward to the version live now. A
 * LIVE drill is refused while a rollout runs (it would end the rollout).
 */
export function planDrill(deployment: Deployment<Pick<EventSummary, 'type' | 'fromVersion' | 'toVersion'>>,
  mode: DrillMode): PlannedDrill {
  const where = `${deployment.agent} in ${deployment.environment}`;
  const variables = { agent: deployment.agent, environment: deployment.environment, mode };
  const rollout = deployment.rollout;
  const target = rollout ? deployment.stableVersion
    : previousStable(deployment.events.edges.map((e) => e.node), deployment.stableVersion);
  const live = rollout ? rollout.canaryVersion : deployment.stableVersion;
  if (mode === 'DRY_RUN') {
    return {
      title: `Rehearse a rollback of ${deployment.agent}?`,
      sentence: target == null
        ? `Dry run in ${deployment.environment}: ${version(live)} is the first stable version of ${where}, so the drill `
          + 'will find no version to roll back to and be recorded as failed. Nothing changes.'
        : `Dry run in ${deployment.environment}: check that ${version(target)} is complete and rehearse the switch from `
          + `${version(live)} to ${version(target)} inside a transaction that is rolled back. Traffic does not change and `
          + 'runtimes see nothing.',
      confirm: 'Run dry run',
      variables,
    };
  }
  if (rollout) {
    return {
      title: `Run a live drill of ${deployment.agent}?`,
      sentence: `A rollout of ${version(rollout.canaryVersion)} is running in ${deployment.environment}: a live drill `
        + 'would end it, so the server refuses one until the rollout is over. A dry run works now.',
      confirm: 'Run live drill',
      variables,
      impossible: 'a rollout is running',
    };
  }
  return {
    title: `Run a live drill of ${deployment.agent}?`,
    sentence: target == null
      ? `${version(live)} is the first stable version of ${where}: there is no earlier version to roll back to, so the `
        + 'drill will be recorded as failed without changing traffic.'
      : `Live drill of ${where}: roll back for real to ${version(target)} (trigger DRILL), wait until every connected `
        + `runtime has acknowledged it, then roll forward to ${version(live)}. All ${deployment.environment} traffic `
        + `is served by ${version(target)} meanwhile.`,
    confirm: 'Run live drill',
    variables,
  };
}

/** The measured steps of a drill, in the order they ran, for its row in the history. */
export function drillSteps(result: DrillResult): string[] {
  const steps: [string, number | null][] = [
    ['check', result.checkMillis],
    ['switch', result.switchMillis],
    ['rollback commit', result.rollbackCommitMillis],
    ['rollback propagated', result.rollbackPropagationMillis],
    ['forward commit', result.forwardCommitMillis],
    ['forward propagated', result.forwardPropagationMillis],
  ];
  const listed = steps.filter(([, ms]) => ms != null).map(([name, ms]) => `${name} ${millis(ms)}`);
  if (result.runtimesExpected != null) {
    listed.push(`${result.runtimesAcknowledged ?? 0}/${result.runtimesExpected} runtimes acknowledged`);
  }
  return listed;
}

/** A cron expression of five fields, as setDrillSchedule takes it; the server checks each field. */
export function cronError(text: string): string | null {
  const fields = text.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    return `a cron expression has five fields (minute hour day-of-month month day-of-week), this has ${fields.length}`;
  }
  return null;
}
