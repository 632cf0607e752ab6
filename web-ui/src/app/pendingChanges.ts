import { graphql } from '../api/http';
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
 * Keeps the badge current while signed in. The first call waits for the page's load event, so that it never
 * competes with the page's own first queries; returns the function that stops.
 */
export function followPending(): () => void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const start = () => {
    refreshPending();
    timer = setInterval(refreshPending, POLL_MS);
  };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
  return () => {
    window.removeEventListener('load', start);
    if (timer) clearInterval(timer);
    pendingChanges.set(null);
  };
}
