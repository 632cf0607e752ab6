/**
 * Outcome reporting in the background: `report()` never blocks and never throws.
 *
 * Outcomes wait in a bounded queue (`queueSize`); when it is full, new outcomes are dropped and counted
 * (`dropped`), because a runtime must never slow down or run out of memory for its telemetry. A background loop
 * sends them to `POST /api/v1/outcomes` as NDJSON in batches: when `batchSize` outcomes are waiting (at most
 * 10 000, the server's line limit), when the oldest has waited `flushIntervalMs`, and on `flush()` / `close()`. A
 * batch is also cut at `maxBatchBytes` of NDJSON (1 MiB; the server takes 2 MiB), and a batch the server still
 * refuses as too large (413) is split in halves and sent again; an outcome too large on its own is given up. Each
 * batch carries a `batchId`, kept across its retries, so a retry is never counted twice. 429 and 503 (and network
 * failures, 5xx) are retried with the shared backoff, honouring `Retry-After`, up to `maxAttempts`; a batch the
 * server refuses for its content (400, 401, 403, 415) is not retried and counts as `failed`. Lines the server
 * rejects one by one count as `rejected`. Each outcome is serialized alone: one that cannot be (a BigInt, a cycle, a
 * `toJSON` that throws) is given up and counted in `failed`, and told to `onError` (the first time), never its
 * batch; the background loop never rejects.
 */
import { randomUUID } from 'node:crypto';

import { Backoff } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import { ApiError } from './errors.js';
import type { OutcomesAnswer } from './transport.js';
import { Wakeup } from './wakeup.js';

/** Where batches go: `Transport.postOutcomes`, or a test's fake. */
export type OutcomeSink = (ndjson: string, batchId: string, signal: AbortSignal) => Promise<OutcomesAnswer>;

export interface OutcomeReporterOptions {
  /** Outcomes waiting at most; more are dropped and counted (default 10 000). */
  queueSize?: number;
  /** Outcomes per batch, 1 to 10 000: the server's limit (default 500). */
  batchSize?: number;
  /** NDJSON bytes per batch at most (default 1 MiB; the server refuses bodies over 2 MiB). */
  maxBatchBytes?: number;
  /** Longest wait of a queued outcome before its batch goes (default 2 000 ms). */
  flushIntervalMs?: number;
  /** Attempts per batch, the first included (default 6). */
  maxAttempts?: number;
  /** Between attempts when the server gives no `Retry-After` (default 0.5 s doubling to 30 s, jittered). */
  backoff?: Backoff;
  /** The longest `Retry-After` honoured (default 30 000 ms). */
  maxRetryAfterMs?: number;
  clock?: Clock;
  /** Told of every batch that failed or was refused (the client turns it into its `error` event). */
  onError?: (error: Error) => void;
}

export class OutcomeReporter {
  /** Outcomes the server accepted (or had accepted before: a deduplicated retry). */
  sent = 0;
  /** Lines the server refused one by one (a field out of range, an unknown agent). */
  rejected = 0;
  /** Outcomes not queued: the queue was full, or the reporter closed. */
  dropped = 0;
  /** Outcomes given up: their batch was refused whole or every attempt failed, or they could not be serialized. */
  failed = 0;
  /** Attempts that were retried (429, 503, network). */
  retries = 0;

  private readonly queue: object[] = [];
  private readonly queueSize: number;
  private readonly batchSize: number;
  private readonly maxBatchBytes: number;
  private unwritableTold = false;
  private readonly flushIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: Backoff;
  private readonly maxRetryAfterMs: number;
  private readonly clock: Clock;
  private readonly onError: (error: Error) => void;
  private readonly wakeup: Wakeup;
  private readonly stop = new AbortController();
  private readonly idleWaiters = new Set<() => void>();
  private oldestAt = 0;
  private inFlight = 0;
  private flushRequested = false;
  private closed = false;
  private loop: Promise<void> | null = null;

  constructor(private readonly sink: OutcomeSink, options: OutcomeReporterOptions = {}) {
    this.queueSize = options.queueSize ?? 10_000;
    this.batchSize = options.batchSize ?? 500;
    this.maxBatchBytes = options.maxBatchBytes ?? MAX_BATCH_BYTES;
    this.flushIntervalMs = options.flushIntervalMs ?? 2_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    if (!(this.queueSize >= 1) || !(this.batchSize >= 1) || !(this.batchSize <= MAX_BATCH_SIZE)
      || !(this.flushIntervalMs > 0) || !(this.maxAttempts >= 1) || !(this.maxBatchBytes >= 1)) {
      throw new RangeError('Tightrope: outcome queueSize, maxAttempts and maxBatchBytes must be >= 1, batchSize 1 to '
        + `10 000 (the server's limit), flushIntervalMs > 0; were ${this.queueSize}, ${this.maxAttempts}, `
        + `${this.maxBatchBytes}, ${this.batchSize}, ${this.flushIntervalMs}`);
    }
    this.backoff = options.backoff ?? new Backoff();
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    this.clock = options.clock ?? systemClock;
    this.onError = options.onError ?? (() => undefined);
    this.wakeup = new Wakeup(this.clock);
  }

  /** Queues one outcome (an object of the NDJSON fields); false when it was dropped (queue full, closed). */
  report(outcome: object): boolean {
    if (this.closed || this.queue.length >= this.queueSize) {
      this.dropped++;
      return false;
    }
    if (this.queue.length === 0) {
      this.oldestAt = this.clock.monotonicMs();
    }
    this.queue.push(outcome);
    this.loop ??= this.run().catch((error: unknown) => {
      // never reached (run() catches per batch); should it be, the next report() starts a new loop
      this.loop = null;
      this.tell(new Error(`the outcome reporter stopped: ${String(error)}`));
    });
    if (this.queue.length === 1 || this.queue.length >= this.batchSize) {
      this.wakeup.wake();
    }
    return true;
  }

  /** Outcomes queued or being sent. */
  pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Sends everything queued now; true when it was all handled within `timeoutMs`. */
  async flush(timeoutMs = 10_000): Promise<boolean> {
    if (this.pending() === 0) {
      return true;
    }
    this.flushRequested = true;
    this.wakeup.wake();
    let resolveIdle: () => void = () => undefined;
    const idle = new Promise<boolean>((resolve) => {
      resolveIdle = () => resolve(true);
      this.idleWaiters.add(resolveIdle);
    });
    const deadline = new AbortController();
    const timedOut = this.clock.sleep(timeoutMs, deadline.signal).then(() => this.pending() === 0);
    try {
      return await Promise.race([idle, timedOut]);
    } finally {
      deadline.abort();
      this.idleWaiters.delete(resolveIdle);
    }
  }

  /** Flushes (up to `timeoutMs`), then stops; later reports are dropped. True when everything was handled. */
  async close(timeoutMs = 10_000): Promise<boolean> {
    const flushed = await this.flush(timeoutMs);
    this.closed = true;
    this.stop.abort();
    this.wakeup.wake();
    await this.loop;
    this.failed += this.queue.length; // not sent within the time given: given up, and counted
    this.queue.length = 0;
    return flushed;
  }

  private async run(): Promise<void> {
    while (!this.stop.signal.aborted) {
      if (this.queue.length === 0) {
        this.flushRequested = false;
        this.idleWaiters.forEach((resolve) => resolve());
        await this.wakeup.wait(null, this.stop.signal);
        continue;
      }
      const waited = this.clock.monotonicMs() - this.oldestAt;
      if (this.queue.length < this.batchSize && !this.flushRequested && waited < this.flushIntervalMs) {
        await this.wakeup.wait(this.flushIntervalMs - waited, this.stop.signal);
        continue;
      }
      const batch = this.queue.splice(0, this.batchSize);
      this.oldestAt = this.clock.monotonicMs();
      this.inFlight = batch.length;
      try {
        await this.send(batch);
      } catch (error) {
        this.failed += batch.length; // a bug must not end reporting: count the batch, tell, go on
        this.tell(new Error(`an outcome batch failed: ${error instanceof Error ? error.message : String(error)}`));
      } finally {
        this.inFlight = 0;
      }
    }
    this.idleWaiters.forEach((resolve) => resolve());
  }

  /** Serializes each outcome alone, then posts them in batches of at most `maxBatchBytes`. */
  private async send(batch: object[]): Promise<void> {
    let chunk: string[] = [];
    let bytes = 0;
    for (const outcome of batch) {
      const line = this.line(outcome);
      if (line === null) {
        continue;
      }
      const size = Buffer.byteLength(line, 'utf8');
      if (chunk.length > 0 && bytes + size > this.maxBatchBytes) {
        await this.post(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(line);
      bytes += size;
    }
    if (chunk.length > 0) {
      await this.post(chunk);
    }
  }

  /** The outcome's NDJSON line (with its newline), or null when it cannot be sent (counted, told once). */
  private line(outcome: object): string | null {
    let reason: string;
    try {
      const json = JSON.stringify(outcome);
      if (typeof json !== 'string') {
        reason = 'it is not a JSON object';
      } else if (Buffer.byteLength(json, 'utf8') + 1 > this.maxBatchBytes) {
        reason = `its line has ${Buffer.byteLength(json, 'utf8') + 1} bytes, more than a batch may hold (${this.maxBatchBytes})`;
      } else {
        return json + '\n';
      }
    } catch (error) {
      reason = `it cannot be serialized: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.failed++;
    if (!this.unwritableTold) {
      this.unwritableTold = true;
      this.tell(new Error(`Tightrope gave up an outcome: ${reason} (further ones are counted in failed only)`));
    }
    return null;
  }

  /** Sends one batch with its retries; on 413 sends its halves instead (one line too large alone is given up). */
  private async post(lines: string[]): Promise<void> {
    const body = lines.join('');
    const batchId = randomUUID();
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      let waitMs: number;
      try {
        const answer = await this.sink(body, batchId, this.stop.signal);
        this.sent += answer.deduplicated ? lines.length : answer.accepted;
        this.rejected += answer.rejected.length;
        if (answer.rejected.length > 0) {
          const first = answer.rejected[0];
          this.tell(new Error(`Tightrope rejected ${answer.rejected.length} outcome(s); line ${first?.line}: `
            + `${first?.code} ${first?.message}`));
        }
        return;
      } catch (error) {
        if (error instanceof ApiError && error.status === 413 && lines.length > 1) {
          const half = Math.floor(lines.length / 2);
          await this.post(lines.slice(0, half));
          await this.post(lines.slice(half));
          return;
        }
        if (error instanceof ApiError && !error.retryable) {
          this.tell(error);
          break;
        }
        const hinted = error instanceof ApiError ? error.retryAfterSeconds : null;
        waitMs = hinted === null ? this.backoff.delayMs(attempt) : Math.min(hinted * 1000, this.maxRetryAfterMs);
        if (attempt + 1 === this.maxAttempts || this.stop.signal.aborted) {
          this.tell(error instanceof Error ? error : new Error(String(error)));
          break;
        }
      }
      this.retries++;
      await this.clock.sleep(waitMs, this.stop.signal);
    }
    this.failed += lines.length;
  }

  /** Tells `onError`; a listener that throws must not stop the reporter. */
  private tell(error: Error): void {
    try {
      this.onError(error);
    } catch {
      // the listener's bug: nothing to do here
    }
  }
}

/** The server takes at most this many lines a request. */
export const MAX_BATCH_SIZE = 10_000;
/** NDJSON bytes a batch holds at most by default (the server's limit is 2 MiB). */
export const MAX_BATCH_BYTES = 1024 * 1024;
