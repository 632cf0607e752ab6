import { connection } from '../api/live';
import { useStore } from '../app/useStore';

/**
 * Says when live updates are not arriving: the WebSocket is down and being reconnected. The live region stays in
 * the page, so that screen readers announce the message when it appears.
 */
export function ConnectionBanner() {
  const state = useStore(connection);
  return (
    <div role="status" aria-live="polite">
      {state === 'reconnecting' && (
        <div class="banner banner-warning" data-testid="connection-banner">
          Disconnected from Tightrope: live updates are paused. Reconnecting…
        </div>
      )}
    </div>
  );
}

/** A small dot with the live connection's state, for page headers. */
export function LiveIndicator() {
  const state = useStore(connection);
  const label = { idle: 'not live', connecting: 'connecting…', connected: 'live', reconnecting: 'reconnecting…' }[state];
  return <span class={`live live-${state}`} data-testid="live-indicator" title="Live updates">{label}</span>;
}
