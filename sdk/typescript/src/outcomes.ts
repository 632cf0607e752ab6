/**
 * Outcome reporting in the background: `report()` never blocks and never throws.
 *
 * Outcomes wait in a bounded queue (`queueSize`); when it is full, new outcomes are dropped and counted
 * (`dropped`), because a runtime must never slow down or run out of memory for its telemetry. A background loop
 * sends them to `POST /api/v1/outcomes` as NDJSON in batches: when `batchSize` outcomes are waiting, when the oldest
 * has waited `flushIntervalMs`, and on `flush()` / `close()`. Each batch carries a `batchId`, kept across its
 * retries, so a retry is never counted twice. 429 and 503 (and network failures, 5xx) are retried with the shared
 * backoff, honouring `Retry-After`, up to `maxAttempts`; a batch the server refuses for its content (400, 401, 403,
 * 413, 415) is not retried and counts as `failed`. Lines the server rejects one by one count as `rejected`.
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
  /** Outcomes per batch, at most 10 000 (default 500). */
  batchSize?: number;
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
  /** Outcomes of batches given up (refused whole, or every attempt failed). */
  failed = 0;
  /** Attempts that were retried (429, 503, network). */
  retries = 0;

  private readonly queue: object[] = [];
  private readonly queueSize: number;
  private readonly batchSize: number;
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
    this.batchSize = Math.min(options.batchSize ?? 500, 10_000);
    this.flushIntervalMs = options.flushIntervalMs ?? 2_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    if (!(this.queueSize >= 1) || !(this.batchSize >= 1) || !(this.flushIntervalMs > 0) || !(this.maxAttempts >= 1)) {
      throw new RangeError('Tightrope: outcome queueSize, batchSize and maxAttempts must be >= 1, flushIntervalMs > 0');
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
    this.loop ??= this.run();
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
      } finally {
        this.inFlight = 0;
      }
    }
    this.idleWaiters.forEach((resolve) => resolve());
  }

  private async send(batch: object[]): Promise<void> {
    const body = batch.map((outcome) => JSON.stringify(outcome)).join('\n') + '\n';
    const batchId = randomUUID();
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      let waitMs: number;
      try {
        const answer = await this.sink(body, batchId, this.stop.signal);
        this.sent += answer.deduplicated ? batch.length : answer.accepted;
        this.rejected += answer.rejected.length;
        if (answer.rejected.length > 0) {
          const first = answer.rejected[0];
          this.onError(new Error(`Tightrope rejected ${answer.rejected.length} outcome(s); line ${first?.line}: `
            + `${first?.code} ${first?.message}`));
        }
        return;
      } catch (error) {
        if (error instanceof ApiError && !error.retryable) {
          this.onError(error);
          break;
        }
        const hinted = error instanceof ApiError ? error.retryAfterSeconds : null;
        waitMs = hinted === null ? this.backoff.delayMs(attempt) : Math.min(hinted * 1000, this.maxRetryAfterMs);
        if (attempt + 1 === this.maxAttempts || this.stop.signal.aborted) {
          this.onError(error instanceof Error ? error : new Error(String(error)));
          break;
        }
      }
      this.retries++;
      await this.clock.sleep(waitMs, this.stop.signal);
    }
    this.failed += batch.length;
  }
}
