/**
 * A small in-process Tightrope for the unit tests: the runtime API's config (ETag), its SSE stream
 * (Last-Event-ID, heartbeats), acknowledgements and outcomes, on a random loopback port, with knobs to refuse,
 * throttle, drop streams and go away.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOKEN = 'tr_test';
const BASE = '/api/v1/agents/support-bot/environments/production';

/** A routing configuration like the server's: version 1 stable, optionally a canary. */
export function config(generation: number, weight = 0, salt: string | null = null, canary: number | null = null,
  stable = 1): Record<string, unknown> {
  const version = (n: number) => ({
    version: n, snapshotHash: `hash-${n}`, prompt: { system: `prompt v${n}` }, model: { provider: 'openai', modelId: 'gpt-4o' },
    tools: { tools: [] }, guardrails: {}, knowledgeBase: { indexId: 'kb' },
  });
  return {
    agent: 'support-bot', environment: 'production', generation, weight: canary === null ? 0 : weight,
    salt: canary === null ? null : salt, rolloutId: canary === null ? null : '7', stable: version(stable),
    canary: canary === null ? null : version(canary),
  };
}

export interface OutcomePost {
  batchId: string;
  lines: Array<Record<string, unknown>>;
}

export class FakeTightrope {
  current: Record<string, unknown> | null = config(1);
  readonly streamRequests: Array<{ url: string; lastEventId: string | undefined }> = [];
  readonly configRequests: Array<string | undefined> = [];
  readonly acks: Array<{ generation: number; runtimeId: string }> = [];
  readonly outcomePosts: OutcomePost[] = [];
  /** Stream requests to answer 503 before streams work again. */
  streamRefusals = 0;
  /** Outcome posts to answer with this status (and Retry-After) before accepting. */
  outcomeRefusals: Array<{ status: number; retryAfter?: string }> = [];
  /** Acknowledgements to answer 503 before accepting. */
  ackRefusals = 0;
  /** Stream requests to take and never answer (a server that hangs) before streams work again. */
  streamHangs = 0;
  /** Outcome bodies over this many bytes are refused with 413, as the server does over 2 MiB. */
  maxOutcomeBytes = 2 * 1024 * 1024;
  /** The sizes of the outcome bodies refused with 413. */
  readonly tooLarge: number[] = [];
  private readonly streams = new Set<ServerResponse>();
  private readonly seenBatches = new Set<string>();
  private server: Server;
  url = '';

  private constructor() {
    this.server = createServer((request, response) => this.handle(request, response));
  }

  static async start(port = 0): Promise<FakeTightrope> {
    const fake = new FakeTightrope();
    await fake.listen(port);
    return fake;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        resolve();
      });
    });
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** A new generation: the current configuration, sent to every open stream. */
  publish(next: Record<string, unknown>): void {
    this.current = next;
    for (const stream of this.streams) {
      stream.write(event(next));
    }
  }

  sendHeartbeat(): void {
    this.streams.forEach((stream) => stream.write(': heartbeat\n\n'));
  }

  /** Ends every open stream, as a server does when it stops cleanly. */
  dropStreams(): void {
    this.streams.forEach((stream) => stream.end());
    this.streams.clear();
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** The server goes away: streams end, the port closes. */
  async close(): Promise<void> {
    this.dropStreams();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Comes back on the same port (a restart). */
  async restart(): Promise<void> {
    this.server = createServer((request, response) => this.handle(request, response));
    await this.listen(this.port);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      return json(response, 401, { errors: [{ message: 'no token', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => this.route(request, url, body, response));
  }

  private route(request: IncomingMessage, url: URL, body: string, response: ServerResponse): void {
    if (url.pathname === `${BASE}/config/stream`) {
      return this.stream(request, url, response);
    }
    if (url.pathname === `${BASE}/config`) {
      this.configRequests.push(request.headers['if-none-match']);
      if (this.current === null) {
        return json(response, 404, { errors: [{ message: 'nothing deployed', extensions: { code: 'NOT_FOUND' } }] });
      }
      const etag = `"${String(this.current['generation'])}"`;
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, { ETag: etag }).end();
        return;
      }
      response.writeHead(200, { ETag: etag, 'Content-Type': 'application/json' }).end(JSON.stringify(this.current));
      return;
    }
    if (url.pathname === `${BASE}/acknowledgements`) {
      if (this.ackRefusals > 0) {
        this.ackRefusals--;
        return json(response, 503, { errors: [{ message: 'down', extensions: { code: 'UNAVAILABLE' } }] });
      }
      const ack = JSON.parse(body) as { generation: number; runtimeId: string };
      this.acks.push(ack);
      return json(response, 200, { ...ack, acknowledgedAt: new Date().toISOString(), eventsPropagated: 0 });
    }
    if (url.pathname === '/api/v1/outcomes') {
      return this.outcomes(url, body, response);
    }
    json(response, 404, { errors: [{ message: 'no such path', extensions: { code: 'NOT_FOUND' } }] });
  }

  private stream(request: IncomingMessage, url: URL, response: ServerResponse): void {
    const lastEventId = request.headers['last-event-id'] as string | undefined;
    this.streamRequests.push({ url: url.pathname + url.search, lastEventId });
    if (this.streamRefusals > 0) {
      this.streamRefusals--;
      return json(response, 503, { errors: [{ message: 'try later', extensions: { code: 'UNAVAILABLE' } }] });
    }
    if (this.streamHangs > 0) {
      this.streamHangs--;
      return; // no headers, ever (close() ends the connection)
    }
    if (this.current === null) {
      return json(response, 404, { errors: [{ message: 'nothing deployed', extensions: { code: 'NOT_FOUND' } }] });
    }
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=UTF-8', 'Cache-Control': 'no-cache' });
    response.write('retry: 3000\n\n');
    if (lastEventId === undefined || Number(lastEventId) < Number(this.current['generation'])) {
      response.write(event(this.current));
    }
    this.streams.add(response);
    response.on('close', () => this.streams.delete(response));
  }

  private outcomes(url: URL, body: string, response: ServerResponse): void {
    const batchId = url.searchParams.get('batchId') ?? '';
    if (Buffer.byteLength(body, 'utf8') > this.maxOutcomeBytes) {
      this.tooLarge.push(Buffer.byteLength(body, 'utf8'));
      return json(response, 413, { errors: [{ message: 'The request body is larger than the limit',
        extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    }
    const lines = body.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
    this.outcomePosts.push({ batchId, lines });
    const refusal = this.outcomeRefusals.shift();
    if (refusal !== undefined) {
      response.writeHead(refusal.status, { 'Content-Type': 'application/json',
        ...(refusal.retryAfter === undefined ? {} : { 'Retry-After': refusal.retryAfter }) });
      response.end(JSON.stringify({ errors: [{ message: 'refused', extensions: { code: refusal.status === 429 ? 'OVERLOADED' : 'UNAVAILABLE' } }] }));
      return;
    }
    if (this.seenBatches.has(batchId)) {
      return json(response, 200, { accepted: 0, rejected: [], deduplicated: true });
    }
    this.seenBatches.add(batchId);
    const rejected = lines.flatMap((line, i) => (line['latencyMs'] === -1
      ? [{ line: i + 1, code: 'VALIDATION', message: 'latencyMs: must be at least 0' }] : []));
    json(response, 200, { accepted: lines.length - rejected.length, rejected, deduplicated: false });
  }
}

function event(configuration: Record<string, unknown>): string {
  return `id: ${String(configuration['generation'])}\nevent: config\ndata: ${JSON.stringify(configuration)}\n\n`;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
