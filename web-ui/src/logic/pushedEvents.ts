import type { Deployment, DeploymentEvent } from '../api/types';

/**
 * A deployment as last loaded, brought forward by the traffic changes pushed since (deploymentChanged), so that a
 * page shows a change the moment it is pushed instead of after it has loaded the deployment again. Only events
 * newer than the loaded generation count; the next load replaces the result with the server's own view.
 */
export function withPushedEvents(deployment: Deployment, pushed: readonly DeploymentEvent[]): Deployment {
  const seen = new Set(deployment.events.edges.map((edge) => edge.node.id));
  const newer = [...new Map(pushed
    .filter((event) => event.generation > deployment.generation && !seen.has(event.id))
    .map((event) => [event.id, event])).values()]
    .sort((a, b) => a.generation - b.generation);
  if (newer.length === 0) return deployment;
  let { stableVersion, rollout } = deployment;
  for (const event of newer) {
    switch (event.type) {
      case 'DEPLOYED':
      case 'PROMOTED':
      case 'ROLLED_BACK':
        stableVersion = event.toVersion ?? stableVersion;
        rollout = null;
        break;
      case 'ROLLOUT_STARTED':
        rollout = event.rolloutId == null || event.toVersion == null ? rollout : {
          id: event.rolloutId, canaryVersion: event.toVersion, baselineVersion: event.fromVersion ?? stableVersion,
          weight: event.weightAfter ?? 0, status: 'RUNNING' };
        break;
      case 'ROLLOUT_ADVANCED':
        rollout = rollout && { ...rollout, weight: event.weightAfter ?? rollout.weight };
        break;
      case 'ROLLOUT_PAUSED':
        rollout = rollout && { ...rollout, status: 'PAUSED' };
        break;
      case 'ROLLOUT_RESUMED':
        rollout = rollout && { ...rollout, status: 'RUNNING' };
        break;
      default:
        break; // circuit breakers change no version
    }
  }
  const latest = newer[newer.length - 1] as DeploymentEvent;
  return {
    ...deployment,
    stableVersion,
    rollout,
    generation: latest.generation,
    updatedAt: latest.committedAt,
    events: { ...deployment.events, edges: [...newer.reverse().map((node) => ({ node })), ...deployment.events.edges] },
  };
}
