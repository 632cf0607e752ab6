import { ApiError, type GraphQLErrorEntry } from './errors';
import { SESSION_ENDED, currentToken, signOut } from '../auth/session';

/**
 * Names the dashboard as the client of every call: the server records the traffic changes it sends with trigger
 * DASHBOARD instead of API (a label only; the token's role decides what may be done).
 */
export const CLIENT_HEADERS = { 'X-Tightrope-Client': 'dashboard' } as const;

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
    });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  const answer = await readAnswer<T>(response);
  const first = answer.errors?.[0];
  if (first) {
    const error = ApiError.from(first);
    if (error.code === 'UNAUTHENTICATED' && token === currentToken()) signOut(SESSION_ENDED);
    throw error;
  }
  if (answer.data == null) throw new ApiError('INTERNAL', `Empty answer (HTTP ${response.status})`);
  return answer.data;
}

async function readAnswer<T>(response: Response): Promise<GraphQLAnswer<T>> {
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphQLAnswer<T>;
  } catch {
    throw new ApiError(response.status === 503 ? 'UNAVAILABLE' : 'INTERNAL',
      `HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
}
