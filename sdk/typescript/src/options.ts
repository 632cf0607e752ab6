/** The options of a Client, with their defaults (README, "Options"). */
import type { Backoff } from './backoff.js';
import type { Clock } from './clock.js';

export interface Logger {
  warn(message: string): void;
}

export interface ClientOptions {
  /** Base URL of Tightrope, e.g. `http://localhost:8080` (required). */
  url: string;
  /** A RUNTIME API token, `tr_…` (required). */
  token: string;
  /** The agent's slug (required). */
  agent: string;
  /** The environment's slug (default `production`). */
  environment?: string;
  /** This runtime's id for propagation tracking (default `<host>-<pid>-<random>`). */
  runtimeId?: string;
  /** A file that keeps the last configuration, read at start (default: none). */
  cacheFile?: string;
  /** How long `Tightrope.connect` waits for a first configuration (default 10 000 ms). */
  waitForConfigMs?: number;
  /** Polling interval after the stream failed repeatedly (default 30 000 ms). */
  pollIntervalMs?: number;
  /** Failed streams in a row before polling (default 3). */
  streamFailuresBeforePolling?: number;
  /**
   * While polling, the stream is tried again with the backoff, at most this far apart (default 30 000 ms): after an
   * outage the client is back on the stream within about that long of the server's return.
   */
  streamRetryIntervalMs?: number;
  /** A stream silent this long counts as lost (default 45 000 ms; heartbeats come every 15 s). */
  streamReadTimeoutMs?: number;
  /** Timeout of each request, and of opening the stream until its headers (default 10 000 ms). */
  timeoutMs?: number;
  /** The `stale` event fires once the staleness passes this (default 60 000 ms). */
  staleAfterMs?: number;
  /** Acknowledge each generation applied (default true). */
  acknowledge?: boolean;
  /** Outcomes waiting at most; beyond, they are dropped and counted (default 10 000). */
  outcomeQueueSize?: number;
  /** Outcomes per batch, 1 to 10 000: the server's limit (default 500); a batch is also cut at 1 MiB of NDJSON. */
  outcomeBatchSize?: number;
  /** Longest wait of a queued outcome (default 2 000 ms). */
  outcomeFlushIntervalMs?: number;
  /** The retry policy of reconnects, polls, acknowledgements and batches (default 0.5 s doubling to 30 s). */
  backoff?: Backoff;
  /** Where warnings go when nobody listens to `error` (default `console`; `null`: nowhere). */
  logger?: Logger | null;
  /** Random numbers for key-less routing, [0, 1) (default `Math.random`). */
  random?: () => number;
  clock?: Clock;
  /** Start following the configuration at once (default true; false: call `start()`). */
  start?: boolean;
}
