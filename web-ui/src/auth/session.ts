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

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export const session = createStore<Session>({ token: storage()?.getItem(KEY) ?? null, viewer: null, endedBecause: null });

export function signIn(token: string, viewer: Viewer): void {
  storage()?.setItem(KEY, token);
  session.set({ token, viewer, endedBecause: null });
}

export function knowViewer(viewer: Viewer): void {
  session.set({ ...session.get(), viewer });
}

/** Forgets the token; {@code reason} is shown on the login page (null: the person logged out). */
export function signOut(reason: string | null = null): void {
  storage()?.removeItem(KEY);
  session.set({ token: null, viewer: null, endedBecause: reason });
}

export function currentToken(): string | null {
  return session.get().token;
}
