import { callsInFlight, graphql } from '../api/http';
import { PENDING_CHANGES } from '../api/documents';
import { createStore } from '../logic/store';

/** How many change requests wait for a decision, for the navigation's badge; null until known. */
export const pendingChanges = createStore<number | null>(null);

/** How often the badge asks again; a request made or decided from this dashboard refreshes it at once. */
const POLL_MS = 30_000;

/** Asks again now (after a request was made, approved or rejected here). Failures leave the badge as it was. */
export function refreshPending(): void {
  graphql<{ changeRequests: { id: string; expiresAt: string }[] }>(PENDING_CHANGES).then(
    (answer) => {
      const now = Date.now();
      pendingChanges.set(answer.changeRequests.filter((r) => new Date(r.expiresAt).getTime() > now).length);
    },
    () => undefined);
}

/**
 * Keeps the badge current while signed in. The first call waits until the page has loaded and none of its own
 * calls is in flight, so that it never competes with the page's first queries; returns the function that stops.
 */
export function followPending(): () => void {
  let timer: ReturnType<typeof setInterval> | null = null;
  let stopWaiting: (() => void) | null = null;
  const start = () => {
    stopWaiting?.();
    stopWaiting = null;
    refreshPending();
    timer = setInterval(refreshPending, POLL_MS);
  };
  const whenIdle = () => {
    if (callsInFlight.get() === 0) start();
    else stopWaiting = callsInFlight.subscribe((count) => { if (count === 0 && !timer) start(); });
  };
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
  return () => {
    window.removeEventListener('load', whenIdle);
    stopWaiting?.();
    if (timer) clearInterval(timer);
    pendingChanges.set(null);
  };
}
