import { createStore } from '../logic/store';
import type { Role } from './roles';

/** Who the token belongs to, as the API tells ({@code viewer}). */
export interface Viewer {
  name: string;
  role: Role;
}

/** The signed-in state: the API token (kept in sessionStorage, so it ends with the tab) and whose it is. */
export interface Session {
  token: string | null;
  viewer: Viewer | null;
  /** Why the last session ended, shown on the login page. */
  endedBecause: string | null;
}

const KEY = 'tightrope.token';

/** Shown on the login page when the server stops accepting the token of an open session. */
export const SESSION_ENDED = 'Your session ended: the token was revoked or has expired. Sign in again.';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** Whose the token is, kept next to it: a reload shows the page at once instead of asking the server first. */
const VIEWER_KEY = 'tightrope.viewer';

function storedViewer(): Viewer | null {
  try {
    const viewer = JSON.parse(storage()?.getItem(VIEWER_KEY) ?? 'null') as Viewer | null;
    return viewer && typeof viewer.name === 'string' && typeof viewer.role === 'string' ? viewer : null;
  } catch {
    return null;
  }
}

const storedToken = storage()?.getItem(KEY) ?? null;

/**
 * A token's name and role never change, so the stored viewer is as good as the server's answer; a token revoked
 * meanwhile is refused at the first call, which ends the session.
 */
export const session = createStore<Session>({ token: storedToken, viewer: storedToken ? storedViewer() : null,
  endedBecause: null });

export function signIn(token: string, viewer: Viewer): void {
  storage()?.setItem(KEY, token);
  storage()?.setItem(VIEWER_KEY, JSON.stringify(viewer));
  session.set({ token, viewer, endedBecause: null });
}

export function knowViewer(viewer: Viewer): void {
  storage()?.setItem(VIEWER_KEY, JSON.stringify(viewer));
  session.set({ ...session.get(), viewer });
}

/** Forgets the token; {@code reason} is shown on the login page (null: the person logged out). */
export function signOut(reason: string | null = null): void {
  storage()?.removeItem(KEY);
  storage()?.removeItem(VIEWER_KEY);
  session.set({ token: null, viewer: null, endedBecause: reason });
}

export function currentToken(): string | null {
  return session.get().token;
}
