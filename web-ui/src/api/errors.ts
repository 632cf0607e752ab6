import { timestamp } from '../logic/format';

/**
 * The API's error codes (README, "Errors"; the server's ErrorCode enum, which a unit test compares with this list)
 * as messages for people. The server's own message says what was wrong; the title says what it means for the
 * person at the dashboard.
 */
export const SERVER_CODES = [
  'VALIDATION', 'NOT_FOUND', 'CONFLICT', 'FROZEN', 'APPROVAL_REQUIRED', 'SOAK_REQUIRED', 'UNAUTHENTICATED',
  'FORBIDDEN', 'PAYLOAD_TOO_LARGE', 'METHOD_NOT_ALLOWED', 'UNSUPPORTED_MEDIA_TYPE', 'OVERLOADED', 'UNAVAILABLE',
  'INTERNAL',
] as const;

/** A server's code, or NETWORK: the dashboard's own, for a call that never got an answer. */
export type ErrorCode = (typeof SERVER_CODES)[number] | 'NETWORK';

/** One entry of a GraphQL answer's {@code errors}. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

const KNOWN = new Set<string>(SERVER_CODES);

/** A refused or failed call, with the API's code. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly extensions: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.extensions = extensions;
  }

  static from(entry: GraphQLErrorEntry): ApiError {
    const extensions = entry.extensions ?? {};
    const code = typeof extensions.code === 'string' && KNOWN.has(extensions.code)
      ? (extensions.code as ErrorCode) : 'INTERNAL';
    return new ApiError(code, entry.message, extensions);
  }

  static network(cause: unknown): ApiError {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new ApiError('NETWORK', detail);
  }
}

/** What the dashboard shows for an error: a title that says what it means, and details. */
export interface ErrorView {
  title: string;
  detail: string;
}

export function describe(error: unknown): ErrorView {
  const api = error instanceof ApiError ? error : ApiError.network(error);
  const ext = api.extensions;
  switch (api.code) {
    case 'UNAUTHENTICATED':
      return { title: 'Your token was not accepted: it is missing, unknown, expired or revoked. Log in again.',
        detail: api.message };
    case 'FORBIDDEN':
      return { title: `Your role${typeof ext.role === 'string' ? ` (${ext.role})` : ''} may not do this. Nothing was changed.`,
        detail: api.message };
    case 'CONFLICT': {
      const generation = typeof ext.currentGeneration === 'number'
        ? ` It is now at generation ${ext.currentGeneration}.` : '';
      return { title: `Someone changed this first; nothing was changed.${generation} Reload and decide again.`,
        detail: api.message };
    }
    case 'NOT_FOUND':
      return { title: 'Not found.', detail: api.message };
    case 'FROZEN': {
      const until = typeof ext.frozenUntil === 'string' ? ` until ${timestamp(ext.frozenUntil)}` : '';
      const why = typeof ext.reason === 'string' && ext.reason ? ` (${ext.reason})` : '';
      return { title: `A release freeze holds${until}${why}; nothing was changed. Rollbacks and pauses still work.`,
        detail: api.message };
    }
    case 'APPROVAL_REQUIRED':
      return { title: 'This environment is protected: the change needs a second person\'s approval. Nothing was '
        + 'changed; request approval instead.', detail: api.message };
    case 'SOAK_REQUIRED':
      return { title: 'This version has not been stable long enough in the earlier environment; nothing was changed.',
        detail: api.message };
    case 'PAYLOAD_TOO_LARGE':
      return { title: 'The request is larger than the server accepts; nothing was changed.', detail: api.message };
    case 'METHOD_NOT_ALLOWED':
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { title: `The server refused the request's form (${api.code}): a bug of the dashboard; please report it.`,
        detail: api.message };
    case 'VALIDATION':
      return { title: 'The request was refused as invalid; nothing was changed.', detail: withViolations(api) };
    case 'UNAVAILABLE':
      return { title: 'The database cannot be reached; nothing was changed. Retry in a few seconds.',
        detail: api.message };
    case 'OVERLOADED':
      return { title: 'Tightrope is busy right now; retry in a moment.', detail: api.message };
    case 'NETWORK':
      return { title: 'Tightrope cannot be reached. Check your connection and retry.', detail: api.message };
    case 'INTERNAL': {
      const id = typeof ext.errorId === 'string' ? ` Error id ${ext.errorId}.` : '';
      return { title: `Something went wrong on the server.${id} Please report it with the id.`, detail: api.message };
    }
  }
}

function withViolations(error: ApiError): string {
  const violations = error.extensions.violations;
  if (!Array.isArray(violations) || violations.length === 0) return error.message;
  return violations
    .map((v) => (v && typeof v === 'object' ? `${String((v as Record<string, unknown>).path ?? '')}: ${String((v as Record<string, unknown>).message ?? '')}` : String(v)))
    .join('; ');
}
