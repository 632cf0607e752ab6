/** Errors of the SDK. Server refusals carry the server's code (`extensions.code`), e.g. `FORBIDDEN`. */

/** Base class of every error the SDK raises or emits. */
export class TightropeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** `route()` was called before any configuration was known (none from the server, none from the file cache). */
export class NotReadyError extends TightropeError {}

/**
 * The server refused a request: `status` is the HTTP status, `code` the error code (`extensions.code`, or
 * `HTTP_<status>` when the body had none), `retryAfterSeconds` the `Retry-After` header when the server sent one.
 */
export class ApiError extends TightropeError {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, detail: string, retryAfterSeconds: number | null = null) {
    super(`${code} (HTTP ${status}): ${detail}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whether the same request may succeed later (overloaded, unavailable, a server error). */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** The body of an answer is not what the runtime API documents (not JSON, not a routing configuration). */
export class ProtocolError extends TightropeError {}
