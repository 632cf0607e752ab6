import type { ChangeOperation, Deployment, DeploymentEvent, EventSummary } from '../api/types';
import { version } from './format';

/**
 * What each traffic button will do, in words that name exactly the change, for its confirmation dialog, and the
 * arguments that make the server do exactly that (the generation the person saw, and for a rollback without a
 * canary the version named): if the deployment moved on meanwhile the server answers CONFLICT and changes nothing.
 */
export interface PlannedChange {
  title: string;
  sentence: string;
  confirm: string;
  variables: Record<string, unknown>;
  /** A rollback the dashboard cannot name (no earlier version in the loaded history). */
  impossible?: string;
  /**
   * The change request operation of the same change, for the changes a protected environment holds for approval
   * and a freeze holds (deploy, advance, promote); none for rollbacks and pauses, which are never held.
   */
  operation?: ChangeOperation;
}

type Stable = Pick<EventSummary, 'type' | 'fromVersion' | 'toVersion'>;

/**
 * The version a rollback without a canary returns to: where the current stable version came from when it last went
 * live forward (deployed or promoted). The same rule as the server's RollbackTarget:
 * <pre>
 *   DEPLOYED ∅→1, DEPLOYED 1→2, DEPLOYED 2→3, ROLLED_BACK 3→2   current 2 → 1
 *   DEPLOYED ∅→1, DEPLOYED 1→2, ROLLED_BACK 2→1                 current 1 → none
 *   DEPLOYED ∅→1, PROMOTED 1→4                                  current 4 → 1
 * </pre>
 * @param newestFirst the deployment's events as the API lists them, newest first
 */
export function previousStable(newestFirst: readonly Stable[], currentStable: number): number | null {
  for (const event of newestFirst) {
    const forward = event.type === 'DEPLOYED' || event.type === 'PROMOTED';
    if (forward && event.toVersion === currentStable) return event.fromVersion;
  }
  return null;
}

function base(deployment: Deployment<unknown>, reason: string): Record<string, unknown> {
  return { agent: deployment.agent, environment: deployment.environment,
    expectedGeneration: deployment.generation, reason };
}

export function planRollback(deployment: Deployment<Stable>, reason = 'rolled back from the dashboard'): PlannedChange {
  const where = `${deployment.agent} in ${deployment.environment}`;
  const rollout = deployment.rollout;
  if (rollout) {
    return {
      title: `Roll back ${deployment.agent}?`,
      sentence: `Roll back ${where} from ${version(rollout.canaryVersion)} to ${version(deployment.stableVersion)}: `
        + `the canary stops at once and all ${deployment.environment} traffic goes to ${version(deployment.stableVersion)}.`,
      confirm: 'Roll back',
      variables: base(deployment, reason),
    };
  }
  const target = previousStable(deployment.events.edges.map((e) => e.node), deployment.stableVersion);
  if (target == null) {
    return {
      title: `Roll back ${deployment.agent}?`,
      sentence: `${version(deployment.stableVersion)} is the first stable version of ${where}: there is no earlier version to roll back to.`,
      confirm: 'Roll back',
      variables: base(deployment, reason),
      impossible: 'no earlier known-good version',
    };
  }
  return {
    title: `Roll back ${deployment.agent}?`,
    sentence: `Roll back ${where} from ${version(deployment.stableVersion)} to ${version(target)}: all five components `
      + `of ${version(target)} take all ${deployment.environment} traffic at once.`,
    confirm: 'Roll back',
    variables: { ...base(deployment, reason), toVersion: target },
  };
}

export function planPromote(deployment: Deployment<unknown>): PlannedChange | null {
  const rollout = deployment.rollout;
  if (!rollout) return null;
  return {
    title: `Promote ${deployment.agent}?`,
    sentence: `Promote ${version(rollout.canaryVersion)} of ${deployment.agent} in ${deployment.environment}: it replaces `
      + `${version(deployment.stableVersion)} as the stable version and gets 100 % of the traffic.`,
    confirm: 'Promote',
    variables: base(deployment, 'promoted from the dashboard'),
    operation: 'PROMOTE',
  };
}

export function planPause(deployment: Deployment<unknown>): PlannedChange | null {
  const rollout = deployment.rollout;
  if (!rollout) return null;
  const paused = rollout.status === 'PAUSED';
  return {
    title: paused ? `Resume the rollout of ${deployment.agent}?` : `Pause the rollout of ${deployment.agent}?`,
    sentence: paused
      ? `Resume the rollout of ${version(rollout.canaryVersion)} in ${deployment.environment} at ${rollout.weight} %.`
      : `Pause the rollout of ${version(rollout.canaryVersion)} in ${deployment.environment}: it stays at ${rollout.weight} % `
        + 'until someone resumes it; the judge does not move it meanwhile.',
    confirm: paused ? 'Resume' : 'Pause',
    variables: base(deployment, paused ? 'resumed from the dashboard' : 'paused from the dashboard'),
  };
}

export function planAdvance(deployment: Deployment<unknown>, weight: number): PlannedChange | null {
  const rollout = deployment.rollout;
  if (!rollout) return null;
  return {
    title: `Change the canary weight of ${deployment.agent}?`,
    sentence: `Send ${weight} % of ${deployment.environment} traffic to ${version(rollout.canaryVersion)} (now ${rollout.weight} %); `
      + `the rest stays on ${version(deployment.stableVersion)}.`,
    confirm: `Set ${weight} %`,
    variables: { ...base(deployment, 'advanced from the dashboard'), weight },
    operation: 'ADVANCE_ROLLOUT',
  };
}

/** Deploying a version: it becomes stable at 100 % at once; not while a rollout runs (the server refuses it). */
export function planDeploy(deployment: Deployment<unknown>, target: number): PlannedChange | null {
  if (deployment.rollout || target === deployment.stableVersion) return null;
  return {
    title: `Deploy ${version(target)} of ${deployment.agent}?`,
    sentence: `Deploy ${version(target)} of ${deployment.agent} to ${deployment.environment}: it replaces `
      + `${version(deployment.stableVersion)} as the stable version and takes all ${deployment.environment} traffic at once.`,
    confirm: `Deploy ${version(target)}`,
    variables: { ...base(deployment, 'deployed from the dashboard'), version: target },
    operation: 'DEPLOY',
  };
}

/** The newest rollback in the events given (newest first), if any. */
export function lastRollback<E extends Pick<DeploymentEvent, 'type'>>(newestFirst: readonly E[]): E | null {
  return newestFirst.find((event) => event.type === 'ROLLED_BACK') ?? null;
}

/**
 * Why the Advance control cannot send this weight, or null when it can. The server's rules (TrafficTransitions):
 * a whole percent from 0 to 100, not the weight the canary already has, and not while the rollout is paused. (A
 * lower weight is allowed: it sends traffic back to stable without ending the rollout.)
 */
export function advanceProblem(rollout: { weight: number; status: string } | null, text: string): string | null {
  if (!rollout) return 'no rollout runs';
  if (rollout.status === 'PAUSED') return 'the rollout is paused: resume it before changing its weight';
  if (text.trim() === '') return 'enter the new weight';
  const weight = Number(text);
  if (!Number.isInteger(weight) || weight < 0 || weight > 100) return 'a whole percent from 0 to 100';
  if (weight === rollout.weight) return `the canary already receives ${weight} %`;
  return null;
}
