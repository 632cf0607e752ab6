import { connection } from '../api/live';
import { useStore } from '../app/useStore';

/** Says when live updates are not arriving: the WebSocket is down and being reconnected. */
export function ConnectionBanner() {
  const state = useStore(connection);
  if (state !== 'reconnecting') return null;
  return (
    <div class="banner banner-warning" role="status" data-testid="connection-banner">
      Disconnected from Tightrope: live updates are paused. Reconnecting…
    </div>
  );
}

/** A small dot with the live connection's state, for page headers. */
export function LiveIndicator() {
  const state = useStore(connection);
  const label = { idle: 'not live', connecting: 'connecting…', connected: 'live', reconnecting: 'reconnecting…' }[state];
  return <span class={`live live-${state}`} data-testid="live-indicator">{label}</span>;
}
