/**
 * Keeps one deployment's configuration current: follows the Server-Sent Events stream, reconnects after a jittered
 * exponential backoff with `Last-Event-ID` (so nothing is sent twice), and after `streamFailuresBeforePolling`
 * failed streams in a row polls `GET …/config` with `If-None-Match` every `pollIntervalMs`, while it keeps trying
 * the stream again with the same backoff, at most `streamRetryIntervalMs` apart (so it is back on the stream within
 * about that long of the server's return). A stream silent for `streamReadTimeoutMs` (the server sends a heartbeat
 * every 15 s) counts as lost. A stream counts as failed when it could not be opened or ended before sending a byte.
 *
 *     stream ──(ends after delivering)──▶ backoff(0) ──▶ stream
 *     stream ──(fails, n < limit)──────▶ backoff(n-1) ─▶ stream
 *     stream ──(fails, n >= limit)─────▶ poll for min(backoff(n-1), streamRetryIntervalMs) ──▶ stream
 */
import { Backoff } from './backoff.js';
import type { Clock } from './clock.js';
import { parseConfig, type RoutingConfig } from './config.js';
import { SseParser } from './sse.js';
import { linkedSignal, type Transport } from './transport.js';

export type SyncMode = 'stream' | 'poll';

export interface FollowerSettings {
  runtimeId: string;
  pollIntervalMs: number;
  streamFailuresBeforePolling: number;
  streamRetryIntervalMs: number;
  streamReadTimeoutMs: number;
  backoff: Backoff;
  clock: Clock;
}

/** What the follower tells its client. */
export interface FollowerListener {
  /** The current configuration, as received (the client decides whether it changed). */
  apply(config: RoutingConfig): void;
  /** The server confirmed that the configuration is current (a heartbeat, a 304, an opened stream). */
  confirm(): void;
  /** `generation` the client has, for `Last-Event-ID` and `If-None-Match`. */
  generation(): number | null;
  error(error: Error): void;
}

export class Follower {
  mode: SyncMode = 'stream';
  reconnects = 0;
  private nextPollAt = 0;
  private readonly stop = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(private readonly transport: Transport, private readonly settings: FollowerSettings,
    private readonly listener: FollowerListener) {}

  start(): void {
    this.loop ??= this.run();
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let polling = false;
    const signal = this.stop.signal;
    const { backoff, clock, streamFailuresBeforePolling, streamRetryIntervalMs, pollIntervalMs } = this.settings;
    while (!signal.aborted) {
      const healthy = await this.streamOnce();
      if (signal.aborted) {
        break;
      }
      failures = healthy ? 0 : failures + 1;
      polling &&= !healthy;
      this.reconnects++;
      const delayMs = backoff.delayMs(Math.max(0, failures - 1));
      if (failures < streamFailuresBeforePolling) {
        await clock.sleep(delayMs, signal);
        continue;
      }
      this.mode = 'poll';
      if (!polling) {
        polling = true;
        this.nextPollAt = clock.monotonicMs();
        this.listener.error(new Error(`the configuration stream failed ${failures} times in a row; polling every `
          + `${pollIntervalMs} ms and trying the stream again at most ${streamRetryIntervalMs} ms apart`));
      }
      await this.pollUntil(clock.monotonicMs() + Math.min(delayMs, streamRetryIntervalMs));
    }
  }

  /** Follows one stream until it ends; true when it delivered something (so it was healthy). */
  private async streamOnce(): Promise<boolean> {
    const watch = linkedSignal(this.settings.streamReadTimeoutMs, this.stop.signal);
    let healthy = false;
    try {
      const response = await this.transport.openStream(this.listener.generation(), this.settings.runtimeId,
        watch.signal);
      watch.rearm();
      this.mode = 'stream';
      this.listener.confirm(); // 200: the server has our generation, or sends the current one next
      if (response.body === null) {
        return false;
      }
      const parser = new SseParser();
      const decoder = new TextDecoder('utf-8');
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            break;
          }
          watch.rearm();
          healthy = true; // any byte (the retry hint, an event, a heartbeat) shows a live stream
          for (const event of parser.feed(decoder.decode(value, { stream: true }))) {
            if (event.event === 'config') {
              this.applyText(event.data);
            }
          }
          this.listener.confirm();
        }
      } finally {
        reader.cancel().catch(() => undefined);
      }
    } catch (error) {
      if (!this.stop.signal.aborted) {
        this.listener.error(new Error(`${healthy ? 'the configuration stream broke' : 'opening the configuration '
          + 'stream failed'}: ${describe(error)}`));
      }
    } finally {
      watch.dispose();
    }
    return healthy;
  }

  /** Polls every `pollIntervalMs` (sooner, with the backoff, after a failed poll) until `deadline`. */
  private async pollUntil(deadline: number): Promise<void> {
    const { clock, pollIntervalMs, backoff } = this.settings;
    let failures = 0;
    while (!this.stop.signal.aborted && clock.monotonicMs() < deadline) {
      if (clock.monotonicMs() >= this.nextPollAt) {
        let waitMs = pollIntervalMs;
        try {
          const generation = this.listener.generation();
          const answer = await this.transport.getConfig(generation === null ? null : `"${generation}"`,
            this.stop.signal);
          if (answer.status === 200) {
            this.listener.apply(parseConfig(answer.body));
          } else {
            this.listener.confirm();
          }
          failures = 0;
        } catch (error) {
          if (!this.stop.signal.aborted) {
            this.listener.error(new Error(`polling the configuration failed: ${describe(error)}`));
          }
          waitMs = Math.min(pollIntervalMs, backoff.delayMs(failures));
          failures++;
        }
        this.nextPollAt = clock.monotonicMs() + waitMs;
      }
      await clock.sleep(Math.max(0, Math.min(this.nextPollAt, deadline) - clock.monotonicMs()), this.stop.signal);
    }
  }

  private applyText(data: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      this.listener.error(new Error(`a config event that is not JSON: ${data.slice(0, 120)}`));
      return;
    }
    try {
      this.listener.apply(parseConfig(raw));
    } catch (error) {
      this.listener.error(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** An error's message with its cause (fetch says only "fetch failed"; the cause says ECONNREFUSED). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail === undefined ? error.message : `${error.message} (${detail})`;
}
