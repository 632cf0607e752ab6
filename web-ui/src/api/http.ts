import { ApiError, type GraphQLErrorEntry, type RequestContext } from './errors';
import { SESSION_ENDED, currentToken, signOut } from '../auth/session';
import { createStore } from '../logic/store';

/** Calls sent and not yet answered: what can wait (the navigation's badge) waits until the page's calls are done. */
export const callsInFlight = createStore(0);

/**
 * Names the dashboard as the client of every call: the server records the traffic changes it sends with trigger
 * DASHBOARD instead of API (a label only; the token's role decides what may be done).
 */
export const CLIENT_HEADERS = { 'X-Tightrope-Client': 'dashboard' } as const;

/**
 * How long a call may wait for its whole answer. A server that hangs (stopped, or stuck behind a proxy) would otherwise
 * leave the page at "Loading…" and a confirmation at "Working…" for ever; after this the call rejects with TIMEOUT.
 */
export const REQUEST_TIMEOUT_MS = 15_000;

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: GraphQLErrorEntry[];
}

/**
 * Sends one GraphQL query or mutation to {@code POST /graphql} with the session's token and returns its data.
 * Any error in the answer rejects with an {@link ApiError} carrying its code; UNAUTHENTICATED for the session's own
 * token (revoked or expired meanwhile) also ends the session, and the login page says why.
 */
export async function graphql<T>(document: string, variables: Record<string, unknown> = {},
  token: string | null = currentToken()): Promise<T> {
  callsInFlight.set(callsInFlight.get() + 1);
  try {
    return await send<T>(document, variables, token);
  } finally {
    callsInFlight.set(callsInFlight.get() - 1);
  }
}

/** What the error messages need to know of the call: a mutation's outcome is unknown when no answer came. */
export function requestContext(document: string, variables: Record<string, unknown>): RequestContext {
  const text = (key: string) => (typeof variables[key] === 'string' ? variables[key] as string : undefined);
  return { mutation: /^\s*mutation\b/.test(document), agent: text('agent'), environment: text('environment') };
}

async function send<T>(document: string, variables: Record<string, unknown>, token: string | null): Promise<T> {
  const request = requestContext(document, variables);
  const aborter = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    aborter.abort();
  }, REQUEST_TIMEOUT_MS);
  try {
    let response: Response;
    try {
      response = await fetch('/graphql', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...CLIENT_HEADERS,
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query: document, variables }),
        signal: aborter.signal,
      });
    } catch (cause) {
      throw timedOut ? ApiError.timeout(REQUEST_TIMEOUT_MS, request) : ApiError.network(cause, request);
    }
    let answer: GraphQLAnswer<T>;
    try {
      answer = await readAnswer<T>(response, request);
    } catch (cause) {
      if (cause instanceof ApiError) throw cause;
      // the body stopped arriving (aborted by the timeout, or the connection broke)
      throw timedOut ? ApiError.timeout(REQUEST_TIMEOUT_MS, request) : ApiError.network(cause, request);
    }
    const first = answer.errors?.[0];
    if (first) {
      const error = ApiError.from(first, request);
      if (error.code === 'UNAUTHENTICATED' && token === currentToken()) signOut(SESSION_ENDED);
      throw error;
    }
    if (answer.data == null) {
      throw response.ok ? new ApiError('INTERNAL', `Empty answer (HTTP ${response.status})`, {}, request)
        : notTightrope(response.status, request);
    }
    return answer.data;
  } finally {
    clearTimeout(timer);
  }
}

/** An answer that is not Tightrope's GraphQL JSON (a proxy's HTML error page, say): its status, never its body. */
function notTightrope(status: number, request: RequestContext): ApiError {
  return new ApiError(status === 503 ? 'UNAVAILABLE' : 'INTERNAL',
    `HTTP ${status} from the server (not a Tightrope answer)`, { notTightrope: true, httpStatus: status }, request);
}

function isGraphQLAnswer(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('data' in value || Array.isArray((value as { errors?: unknown }).errors));
}

async function readAnswer<T>(response: Response, request: RequestContext): Promise<GraphQLAnswer<T>> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw notTightrope(response.status, request);
  }
  if (!isGraphQLAnswer(parsed)) {
    if (response.ok) return {};
    throw notTightrope(response.status, request);
  }
  return parsed as GraphQLAnswer<T>;
}
