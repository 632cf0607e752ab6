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

/**
 * A server's code, or one of the dashboard's own: NETWORK for a call that never got an answer, TIMEOUT for one whose
 * answer did not come in time (http.ts, REQUEST_TIMEOUT_MS).
 */
export type ErrorCode = (typeof SERVER_CODES)[number] | 'NETWORK' | 'TIMEOUT';

/** What was asked, as far as the messages need it: for a mutation without an answer, its outcome is unknown. */
export interface RequestContext {
  mutation: boolean;
  agent?: string;
  environment?: string;
}

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
  readonly request: RequestContext | null;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {},
    request: RequestContext | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.extensions = extensions;
    this.request = request;
  }

  static from(entry: GraphQLErrorEntry, request: RequestContext | null = null): ApiError {
    const extensions = entry.extensions ?? {};
    const code = typeof extensions.code === 'string' && KNOWN.has(extensions.code)
      ? (extensions.code as ErrorCode) : 'INTERNAL';
    return new ApiError(code, entry.message, extensions, request);
  }

  static network(cause: unknown, request: RequestContext | null = null): ApiError {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new ApiError('NETWORK', detail, {}, request);
  }

  static timeout(ms: number, request: RequestContext | null = null): ApiError {
    return new ApiError('TIMEOUT', `No answer within ${Math.round(ms / 1000)} s.`, { timeoutMs: ms }, request);
  }
}

/** Said of a change whose answer never came: it may have been applied or not. */
export const OUTCOME_UNKNOWN = 'The change may or may not have been applied: check the deployment\'s history before '
  + 'retrying.';

/** What the dashboard shows for an error: a title that says what it means, and details. */
export interface ErrorView {
  title: string;
  detail: string;
}

/** Where the error is shown, when that changes what to say. */
export interface DescribeOptions {
  /** On the login page: the token being tried is not a session's yet. */
  login?: boolean;
}

export function describe(error: unknown, options: DescribeOptions = {}): ErrorView {
  const api = error instanceof ApiError ? error : ApiError.network(error);
  const ext = api.extensions;
  const mutation = api.request?.mutation === true;
  switch (api.code) {
    case 'UNAUTHENTICATED':
      return { title: options.login
        ? 'This token was not accepted: it is unknown, malformed, expired or revoked. Check that you pasted the whole '
          + 'token (tr_…), or ask an admin for a new one.'
        : 'Your token was not accepted: it is missing, unknown, expired or revoked. Log in again.',
      detail: api.message };
    case 'FORBIDDEN':
      return { title: forbiddenTitle(api, options), detail: api.message };
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
      return { title: mutation ? `Tightrope cannot be reached. ${OUTCOME_UNKNOWN}`
        : 'Tightrope cannot be reached. Check your connection and retry.', detail: api.message };
    case 'TIMEOUT': {
      const seconds = typeof ext.timeoutMs === 'number' ? Math.round(ext.timeoutMs / 1000) : 15;
      return { title: `Tightrope did not answer within ${seconds} s. ${mutation ? OUTCOME_UNKNOWN : 'Retry in a moment.'}`,
        detail: api.message };
    }
    case 'INTERNAL': {
      if (ext.notTightrope === true) {
        const status = typeof ext.httpStatus === 'number' ? ` HTTP ${ext.httpStatus}` : '';
        return { title: `The server answered${status}, not Tightrope: a proxy or gateway in between may be failing. `
          + (mutation ? OUTCOME_UNKNOWN : 'Retry in a moment.'), detail: api.message };
      }
      const id = typeof ext.errorId === 'string' && ext.errorId ? ext.errorId : null;
      return { title: id ? `Something went wrong on the server. Error id ${id}: please report it with the id.`
        : 'Something went wrong on the server. Please report it.', detail: api.message };
    }
  }
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * A refusal by the role, or by the token's scope (extensions.agents / extensions.environments: the agents and
 * environments it is limited to; empty: every one).
 */
function forbiddenTitle(api: ApiError, options: DescribeOptions): string {
  const ext = api.extensions;
  const role = typeof ext.role === 'string' ? ext.role : null;
  if (options.login && role === 'RUNTIME') {
    return 'This is a RUNTIME token, for agent runtimes: the dashboard needs a VIEWER, OPERATOR or ADMIN token.';
  }
  const agents = names(ext.agents);
  const environments = names(ext.environments);
  const scoped = ('agents' in ext || 'environments' in ext) && (agents.length > 0 || environments.length > 0);
  if (!scoped) return `Your role${role ? ` (${role})` : ''} may not do this. Nothing was changed.`;
  const request = api.request;
  const target = request?.agent
    ? `${request.agent}${request.environment ? ` in ${request.environment}` : ''}`
    : request?.environment ?? 'this';
  const limits = [agents.length > 0 ? `agent${agents.length > 1 ? 's' : ''} ${agents.join(', ')}` : null,
    environments.length > 0 ? `environment${environments.length > 1 ? 's' : ''} ${environments.join(', ')}` : null]
    .filter(Boolean).join(' and ');
  return `This token does not reach ${target}: it is limited to ${limits}. Nothing was changed.`;
}

function withViolations(error: ApiError): string {
  const violations = error.extensions.violations;
  if (!Array.isArray(violations) || violations.length === 0) return error.message;
  return violations
    .map((v) => (v && typeof v === 'object' ? `${String((v as Record<string, unknown>).path ?? '')}: ${String((v as Record<string, unknown>).message ?? '')}` : String(v)))
    .join('; ');
}
