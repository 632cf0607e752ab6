import type { DeploymentEvent } from '../api/types';
import { changeLabel, version } from './format';

/** The deployment a pushed traffic change belongs to. */
export interface Where {
  agent: string;
  environment: string;
}

/**
 * A traffic change pushed to an open page, as one sentence for a toast (and so for screen readers):
 * "demo-support-bot in production: rolled back v2 → v1 by judge (JUDGE)."
 */
export function changeAnnouncement(event: Pick<DeploymentEvent, 'type' | 'trigger' | 'actor' | 'fromVersion'
  | 'toVersion' | 'weightAfter'>, where: Where): string {
  const versions = event.fromVersion == null ? version(event.toVersion)
    : `${version(event.fromVersion)} → ${version(event.toVersion)}`;
  const weight = event.weightAfter != null && event.type !== 'ROLLED_BACK' && event.type !== 'PROMOTED'
    ? ` at ${event.weightAfter} %` : '';
  return `${where.agent} in ${where.environment}: ${changeLabel(event.type)} ${versions}${weight} by ${event.actor}`
    + ` (${event.trigger}).`;
}

/** Whether a change is bad news (shown in the danger tone): a rollback, a pause. */
export function isAlarming(event: Pick<DeploymentEvent, 'type'>): boolean {
  return event.type === 'ROLLED_BACK' || event.type === 'ROLLOUT_PAUSED';
}
