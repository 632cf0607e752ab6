/** The runtime API over HTTP, with Node's global `fetch` (no dependencies). See docs/runtime-api.md. */
import { retryAfterMs } from './backoff.js';
import { ApiError, ProtocolError } from './errors.js';

export const USER_AGENT = 'tightrope-typescript/0.1';
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** A signal that aborts after `ms` or when `parent` aborts; call `dispose()` when done with it. */
export function linkedSignal(ms: number | null, parent?: AbortSignal): { signal: AbortSignal; dispose(): void; rearm(): void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(parent?.reason);
  let timer: NodeJS.Timeout | undefined;
  const rearm = (): void => {
    if (ms === null) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms} ms`)), ms);
  };
  if (parent?.aborted) {
    controller.abort(parent.reason);
  } else {
    parent?.addEventListener('abort', onAbort, { once: true });
    rearm();
  }
  return {
    signal: controller.signal,
    rearm,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

/** Where and as whom one client talks: checks its arguments and throws `TypeError` naming a bad one. */
export class Transport {
  readonly base: string;
  readonly deploymentPath: string;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(url: string, token: string, agent: string, environment: string, timeoutMs = 10_000) {
    if (typeof url !== 'string' || url === '') {
      throw new TypeError('Tightrope: url is required (e.g. http://localhost:8080)');
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(`Tightrope: url must be an http:// or https:// URL, was '${url}'`);
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
      throw new TypeError(`Tightrope: url must be an http:// or https:// URL with a host, was '${url}'`);
    }
    if (typeof token !== 'string' || token.trim() === '') {
      throw new TypeError('Tightrope: token is required (a RUNTIME API token, tr_…)');
    }
    for (const [name, value] of [['agent', agent], ['environment', environment]] as const) {
      if (typeof value !== 'string' || !SLUG.test(value)) {
        throw new TypeError(`Tightrope: ${name} must be a slug (2 to 63 lower-case letters, digits and '-', `
          + `starting with a letter or digit), was ${JSON.stringify(value)}`);
      }
    }
    if (!(timeoutMs > 0)) {
      throw new RangeError('Tightrope: timeoutMs must be > 0');
    }
    this.base = parsed.origin + parsed.pathname.replace(/\/+$/, '');
    this.deploymentPath = `/api/v1/agents/${agent}/environments/${environment}`;
    this.token = token;
    this.timeoutMs = timeoutMs;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Authorization: `Bearer ${this.token}`, 'User-Agent': USER_AGENT, ...extra };
  }

  /** 200 with the configuration (parsed JSON), or 304 when `etag` is current. */
  async getConfig(etag: string | null, signal?: AbortSignal): Promise<{ status: 200 | 304; etag: string | null; body: unknown }> {
    const extra: Record<string, string> = { Accept: 'application/json' };
    if (etag !== null) {
      extra['If-None-Match'] = etag;
    }
    const answer = await this.request('GET', `${this.deploymentPath}/config`, null, extra, signal);
    if (answer.status === 304) {
      return { status: 304, etag: answer.headers.get('etag') ?? etag, body: null };
    }
    return { status: 200, etag: answer.headers.get('etag'), body: parseJson(answer.text) };
  }

  async acknowledge(generation: number, runtimeId: string, signal?: AbortSignal): Promise<void> {
    await this.request('POST', `${this.deploymentPath}/acknowledgements`, JSON.stringify({ generation, runtimeId }),
      { 'Content-Type': 'application/json' }, signal);
  }

  /** Posts NDJSON outcomes; the answer `{accepted, rejected, deduplicated}`. */
  async postOutcomes(ndjson: string, batchId: string, signal?: AbortSignal): Promise<OutcomesAnswer> {
    const path = `/api/v1/outcomes?batchId=${encodeURIComponent(batchId)}`;
    const answer = await this.request('POST', path, ndjson, { 'Content-Type': 'application/x-ndjson' }, signal);
    const body = parseJson(answer.text) as Partial<OutcomesAnswer>;
    return { accepted: body.accepted ?? 0, rejected: body.rejected ?? [], deduplicated: body.deduplicated === true };
  }

  /**
   * Opens the configuration stream; resolves with the response once its headers arrived (status 200), else
   * rejects with the server's ApiError. The caller reads `body` and aborts `signal` to end it (or when the stream
   * stays silent too long).
   */
  async openStream(lastEventId: number | null, runtimeId: string, signal: AbortSignal): Promise<Response> {
    const path = `${this.deploymentPath}/config/stream?runtimeId=${encodeURIComponent(runtimeId)}`;
    const extra: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' };
    if (lastEventId !== null) {
      extra['Last-Event-ID'] = String(lastEventId);
    }
    // `signal` covers the headers and the body: the caller aborts it on close and when the stream goes silent;
    // `timeoutMs` bounds the wait for the headers (a server that accepts the connection but never answers)
    const opening = new AbortController();
    const onAbort = (): void => opening.abort(signal.reason);
    if (signal.aborted) {
      opening.abort(signal.reason);
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
    }
    const timer = setTimeout(() => opening.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    try {
      const response = await fetch(this.base + path, { headers: this.headers(extra), signal: opening.signal });
      clearTimeout(timer);
      if (response.status !== 200) {
        throw refusal(response.status, response.headers.get('retry-after'), await response.text());
      }
      return response;
    } catch (error) {
      signal.removeEventListener('abort', onAbort);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async request(method: string, path: string, body: string | null, extra: Record<string, string>,
    signal?: AbortSignal): Promise<{ status: number; headers: Headers; text: string }> {
    const timeout = linkedSignal(this.timeoutMs, signal);
    try {
      const response = await fetch(this.base + path, {
        method, body, headers: this.headers(extra), signal: timeout.signal,
      });
      const text = await response.text();
      if (response.status >= 400) {
        throw refusal(response.status, response.headers.get('retry-after'), text);
      }
      return { status: response.status, headers: response.headers, text };
    } finally {
      timeout.dispose();
    }
  }
}

export interface OutcomesAnswer {
  accepted: number;
  rejected: Array<{ line?: number; code?: string; message?: string }>;
  deduplicated: boolean;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProtocolError(`the server's answer is not JSON: ${text.slice(0, 120)}`);
  }
}

/** The server's coded error (`{"errors": [{"message", "extensions": {"code"}}]}`) as an ApiError. */
export function refusal(status: number, retryAfter: string | null, body: string): ApiError {
  let code = `HTTP_${status}`;
  let message = body.slice(0, 200);
  try {
    const error = (JSON.parse(body) as { errors?: Array<{ message?: string; extensions?: { code?: string } }> }).errors?.[0];
    if (error !== undefined) {
      code = error.extensions?.code ?? code;
      message = error.message ?? '';
    }
  } catch {
    // not the error shape (a proxy's page): keep the start of the body
  }
  const waitMs = retryAfterMs(retryAfter, -1);
  return new ApiError(status, code, message, waitMs < 0 ? null : waitMs / 1000);
}
