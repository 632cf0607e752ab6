import type { DeploymentEvent } from '../api/types';
import { href } from '../app/routes';
import { changeLabel, millis, timestamp, version } from '../logic/format';

/** A deployment's history, newest first: who, what, why, what triggered it, and how long it took to land. */
export function EventTable({ events, agent }: { events: readonly DeploymentEvent[]; agent: string }) {
  if (events.length === 0) return <p class="muted">No traffic changes yet.</p>;
  return (
    <table class="grid events" data-testid="events-table">
      <thead>
        <tr>
          <th>Gen.</th><th>Change</th><th>Versions</th><th>Trigger</th><th>Who</th><th>Why</th>
          <th>Decided</th><th title="decision to commit">Commit</th><th title="decision to every runtime">Propagation</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} data-type={event.type}>
            <td>{event.generation}</td>
            <td>
              {changeLabel(event.type)}
              {event.weightAfter != null && ` ${event.weightBefore ?? 0} → ${event.weightAfter} %`}
              {event.rolloutId && (
                <div><a href={href('/agents/:slug/rollouts/:rolloutId', { slug: agent, rolloutId: event.rolloutId })}>
                  rollout {event.rolloutId}</a></div>
              )}
            </td>
            <td>{event.fromVersion == null ? '' : `${version(event.fromVersion)} → `}{version(event.toVersion)}</td>
            <td><span class={`trigger trigger-${event.trigger.toLowerCase()}`}>{event.trigger}</span></td>
            <td><div class="cell-text">{event.actor}</div></td>
            <td class="reason">{event.reason}</td>
            <td title={event.decidedAt}>{timestamp(event.decidedAt)}</td>
            <td>{millis(event.commitMillis)}</td>
            <td>{propagation(event)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function propagation(event: DeploymentEvent): string {
  const status = event.propagation?.status;
  if (!status || status === 'PENDING') return 'pending';
  if (status === 'NO_RUNTIMES') return 'no runtimes';
  const counts = event.propagation ? ` (${event.propagation.runtimesAcknowledged}/${event.propagation.runtimesExpected})` : '';
  return status === 'TIMED_OUT' ? `timed out${counts}` : `${millis(event.propagationMillis)}${counts}`;
}
