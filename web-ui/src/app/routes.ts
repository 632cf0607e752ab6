import type { Action } from '../auth/roles';

/**
 * The dashboard's pages and their URLs: one table. Adding a page is an entry here, its component in
 * {@code pages.tsx}, and — for a new first path segment — that segment in the dashboard's HTTP permission
 * ({@code quarkus.http.auth.permission.dashboard.paths}; a unit test checks they agree).
 */
export type PageName = 'agents' | 'agent' | 'rollout' | 'rules' | 'alerts' | 'audit' | 'changeRequests' | 'freezes'
  | 'login' | 'notFound';

interface RouteEntry {
  name: PageName;
  /** Segments; ":name" captures one segment (decoded). */
  pattern: string;
  /** Pages that need no token. */
  public?: boolean;
}

export const ROUTES: readonly RouteEntry[] = [
  { name: 'agents', pattern: '/' },
  { name: 'agents', pattern: '/agents' },
  { name: 'agent', pattern: '/agents/:slug' },
  { name: 'rollout', pattern: '/agents/:slug/rollouts/:rolloutId' },
  { name: 'rules', pattern: '/agents/:slug/rules' },
  { name: 'alerts', pattern: '/agents/:slug/alerts' },
  { name: 'alerts', pattern: '/alerts' },
  { name: 'audit', pattern: '/audit' },
  { name: 'changeRequests', pattern: '/change-requests' },
  { name: 'changeRequests', pattern: '/change-requests/:id' },
  { name: 'freezes', pattern: '/freezes' },
  { name: 'login', pattern: '/login', public: true },
];

/** The navigation bar; an entry with {@code needs} is shown only to roles that may do that. */
export interface NavEntry {
  label: string;
  href: string;
  needs?: Action;
  /** Shows the number of change requests waiting. */
  badge?: 'pendingChanges';
}

export const NAV: readonly NavEntry[] = [
  { label: 'Agents', href: '/agents' },
  { label: 'Alerts', href: '/alerts' },
  { label: 'Change requests', href: '/change-requests', badge: 'pendingChanges' },
  { label: 'Freezes', href: '/freezes' },
  { label: 'Audit log', href: '/audit', needs: 'readAuditLog' },
];

/**
 * The navigation entry each page belongs to, for its highlight: an agent's alerts are under Alerts (as the list of
 * every agent's), its rules and rollouts under Agents; the login and not-found pages under none.
 */
const SECTION: Record<PageName, string | null> = {
  agents: '/agents',
  agent: '/agents',
  rollout: '/agents',
  rules: '/agents',
  alerts: '/alerts',
  audit: '/audit',
  changeRequests: '/change-requests',
  freezes: '/freezes',
  login: null,
  notFound: null,
};

/** The {@code href} of the navigation entry to highlight on this page, or null. */
export function activeNav(location: Pick<Location, 'page'>): string | null {
  return SECTION[location.page];
}

/** Where the browser is, as a page with its parameters. */
export interface Location {
  page: PageName;
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
  public: boolean;
}

export function match(path: string, search = ''): Location {
  const query = new URLSearchParams(search);
  const segments = split(path);
  for (const route of ROUTES) {
    const params = capture(split(route.pattern), segments);
    if (params) return { page: route.name, params, query, path, public: route.public ?? false };
  }
  return { page: 'notFound', params: {}, query, path, public: false };
}

/** A URL of the dashboard from a pattern and its parameters: {@code href('/agents/:slug', {slug: 'a b'})}. */
export function href(pattern: string, params: Record<string, string | number> = {},
  query: Record<string, string | undefined> = {}): string {
  const path = '/' + split(pattern).map((segment) => {
    if (!segment.startsWith(':')) return segment;
    const value = params[segment.slice(1)];
    if (value === undefined) throw new Error(`no value for ${segment} in ${pattern}`);
    return encodeURIComponent(String(value));
  }).join('/');
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** The first path segments of every page ("agents", "audit", …), which the server must serve without a token. */
export function topLevelSegments(): string[] {
  return [...new Set(ROUTES.map((route) => split(route.pattern)[0]).filter((s): s is string => !!s))];
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function capture(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string;
    const have = segments[i] as string;
    if (want.startsWith(':')) {
      try {
        params[want.slice(1)] = decodeURIComponent(have);
      } catch {
        return null;
      }
    } else if (want !== have) {
      return null;
    }
  }
  return params;
}

/**
 * Where the login page may go after signing in: a path of this site only, "/" and then neither "/" nor "\" (the
 * browser reads "//host" and "/\host" as another host, and history.replaceState throws for them); else the agents
 * list. Control characters are refused too (a browser drops tabs and newlines from URLs: "/\t/host" is "//host").
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !/^\/(?![/\\])/.test(next) || /[\u0000-\u001f\u007f]/.test(next)) return '/agents';
  return next;
}
