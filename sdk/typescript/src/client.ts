/**
 * The Tightrope client of an agent runtime: local routing from a cached configuration kept current in the
 * background, acknowledgements, fail-static serving, and outcome reporting.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';

import { Acknowledger } from './acknowledger.js';
import { Backoff } from './backoff.js';
import { loadCache, saveCache } from './cache.js';
import { systemClock, type Clock } from './clock.js';
import { route as decide, type Decision, type RoutingConfig } from './config.js';
import { NotReadyError } from './errors.js';
import { Follower, type SyncMode } from './follower.js';
import type { ClientOptions, Logger } from './options.js';
import { toOutcomeLine, type Outcome } from './outcome.js';
import { OutcomeReporter } from './outcomes.js';
import { Transport } from './transport.js';

export interface ClientEvents {
  /** A new generation was applied (after it was cached; its acknowledgement is on its way). */
  configChanged: [config: RoutingConfig];
  /** The staleness passed `staleAfterMs`: the server has not confirmed the configuration for that long. */
  stale: [stalenessSeconds: number];
  /** Something failed in the background (the client goes on). Without a listener it goes to the logger. */
  error: [error: Error];
}

/**
 * Routes requests of one agent in one environment, from memory.
 *
 * `new Client(options)` throws `TypeError` (`RangeError` for a bad number) when `url`, `token`, `agent` or
 * `environment` is missing or malformed; nothing else it does throws. It starts following the configuration at
 * once; `await client.ready()` waits for the first one (`Tightrope.connect` does both). While the server is away,
 * `route()` keeps answering from the last configuration (fail-static); `staleness()` says for how long it has not
 * been confirmed. `route()` throws `NotReadyError` only while no configuration is known at all.
 */
export class Client extends EventEmitter<ClientEvents> {
  readonly agent: string;
  readonly environment: string;
  readonly runtimeId: string;
  readonly outcomes: OutcomeReporter;
  private readonly follower: Follower;
  private readonly acknowledger: Acknowledger | null;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly cacheFile: string | null;
  private readonly logger: Logger | null;
  private readonly staleAfterMs: number;
  private readonly readyWaiters = new Set<() => void>();
  private current: RoutingConfig | null = null;
  private confirmedAt: number | null = null;
  private updatedAt: Date | null = null;
  private staleTimer: NodeJS.Timeout | null = null;
  private staleReported = false;
  private cacheWrite: Promise<void> = Promise.resolve();
  private closed: Promise<boolean> | null = null;

  constructor(options: ClientOptions) {
    super();
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('Tightrope: pass the options {url, token, agent, environment}');
    }
    const environment = options.environment ?? 'production';
    const transport = new Transport(options.url, options.token, options.agent, environment, options.timeoutMs);
    this.agent = options.agent;
    this.environment = environment;
    this.runtimeId = options.runtimeId ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
    if (this.runtimeId.length < 1 || this.runtimeId.length > 200) {
      throw new RangeError('Tightrope: runtimeId must have 1 to 200 characters');
    }
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.cacheFile = options.cacheFile ?? null;
    this.logger = options.logger === undefined ? console : options.logger;
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    const backoff = options.backoff ?? new Backoff();
    const onError = (error: Error): void => this.fail(error);
    this.outcomes = new OutcomeReporter((body, batchId, signal) => transport.postOutcomes(body, batchId, signal), {
      queueSize: options.outcomeQueueSize, batchSize: options.outcomeBatchSize,
      flushIntervalMs: options.outcomeFlushIntervalMs, backoff, clock: this.clock, onError,
    });
    this.acknowledger = options.acknowledge === false ? null : new Acknowledger(
      (generation, signal) => transport.acknowledge(generation, this.runtimeId, signal), backoff, onError, 5,
      this.clock);
    this.follower = new Follower(transport, {
      runtimeId: this.runtimeId,
      pollIntervalMs: options.pollIntervalMs ?? 30_000,
      streamFailuresBeforePolling: options.streamFailuresBeforePolling ?? 3,
      streamRetryIntervalMs: options.streamRetryIntervalMs ?? 30_000,
      streamReadTimeoutMs: options.streamReadTimeoutMs ?? 45_000,
      backoff,
      clock: this.clock,
    }, {
      apply: (config) => this.apply(config),
      confirm: () => this.confirm(),
      generation: () => this.current?.generation ?? null,
      error: onError,
    });
    if (this.cacheFile !== null) {
      this.current = loadCache(this.cacheFile, this.agent, this.environment, (problem) => {
        // after the constructor, so that a listener added right after it hears it (else: the logger)
        queueMicrotask(() => this.fail(new Error(problem)));
      });
    }
    if (options.start !== false) {
      this.start();
    }
  }

  /** Starts following the configuration (only needed with `start: false`). */
  start(): void {
    if (this.closed !== null) {
      return;
    }
    this.follower.start();
    if (this.staleTimer === null) {
      this.staleTimer = setInterval(() => this.checkStaleness(), Math.min(1_000, this.staleAfterMs));
      this.staleTimer.unref();
    }
  }

  /**
   * Resolves once a configuration is known (from the server or the file cache); rejects with `NotReadyError`
   * after `timeoutMs` (default 10 000) without one.
   */
  async ready(timeoutMs = 10_000): Promise<this> {
    if (this.current !== null) {
      return this;
    }
    let resolveReady: () => void = () => undefined;
    const known = new Promise<void>((resolve) => {
      resolveReady = resolve;
      this.readyWaiters.add(resolve);
    });
    const deadline = new AbortController();
    try {
      await Promise.race([known, this.clock.sleep(timeoutMs, deadline.signal)]);
    } finally {
      deadline.abort();
      this.readyWaiters.delete(resolveReady);
    }
    if (this.current === null) {
      throw new NotReadyError(`no routing configuration of ${this.agent}/${this.environment} within ${timeoutMs} ms`);
    }
    return this;
  }

  /** The decision for one request (version, arm, components), from memory; no network, no await. */
  route(routingKey?: string | null): Decision {
    const config = this.current;
    if (config === null) {
      throw new NotReadyError(`no routing configuration of ${this.agent}/${this.environment} yet`);
    }
    return decide(config, routingKey, this.random);
  }

  /** The current configuration, or null. */
  config(): RoutingConfig | null {
    return this.current;
  }

  get generation(): number | null {
    return this.current?.generation ?? null;
  }

  /**
   * Seconds since the server last confirmed the configuration is current (an event, a heartbeat, a 304 or a
   * 200); null when it never has (nothing yet, or only the file cache).
   */
  staleness(): number | null {
    return this.confirmedAt === null ? null : Math.max(0, this.clock.monotonicMs() - this.confirmedAt) / 1000;
  }

  /** When the configuration last changed in this client, or null. */
  get lastUpdated(): Date | null {
    return this.updatedAt;
  }

  /** `stream` or `poll`: how the configuration is being kept current. */
  get mode(): SyncMode {
    return this.follower.mode;
  }

  get reconnects(): number {
    return this.follower.reconnects;
  }

  /** Acknowledgements the server took. */
  get acknowledged(): number {
    return this.acknowledger?.acknowledged ?? 0;
  }

  /** The newest generation acknowledged (0: none). */
  get acknowledgedGeneration(): number {
    return this.acknowledger?.acknowledgedGeneration ?? 0;
  }

  /**
   * Queues the outcome of the request `outcome.decision` served; never blocks, never throws on server trouble.
   * False when it was dropped (the queue was full, the client closed). Throws `TypeError` for an outcome without a
   * decision, a status or a latency (a programming error).
   */
  report(outcome: Outcome): boolean {
    return this.outcomes.report(toOutcomeLine(outcome, this.clock));
  }

  /** Stops following the configuration and sends the outcomes still queued (up to `timeoutMs`, default 10 s). */
  close(timeoutMs = 10_000): Promise<boolean> {
    this.closed ??= (async () => {
      if (this.staleTimer !== null) {
        clearInterval(this.staleTimer);
      }
      await Promise.all([this.follower.close(), this.acknowledger?.close()]);
      const flushed = await this.outcomes.close(timeoutMs);
      await this.cacheWrite;
      return flushed;
    })();
    return this.closed;
  }

  private apply(config: RoutingConfig): void {
    const previous = this.current;
    this.confirm();
    if (previous !== null && previous.generation === config.generation
      && JSON.stringify(previous) === JSON.stringify(config)) {
      return; // the same configuration again (a resumed stream, the file cache confirmed)
    }
    this.current = config;
    this.updatedAt = this.clock.wall();
    this.readyWaiters.forEach((resolve) => resolve());
    if (this.cacheFile !== null) {
      const path = this.cacheFile;
      this.cacheWrite = this.cacheWrite.then(() => this.current === config ? saveCache(path, config) : undefined)
        .catch((error: unknown) => this.fail(new Error(`could not write the cache file ${path}: ${String(error)}`)));
    }
    this.acknowledger?.acknowledge(config.generation);
    try {
      this.emit('configChanged', config);
    } catch (error) {
      this.fail(new Error(`a configChanged listener threw: ${String(error)}`));
    }
  }

  private confirm(): void {
    this.confirmedAt = this.clock.monotonicMs();
    this.staleReported = false;
  }

  private checkStaleness(): void {
    const staleness = this.staleness();
    if (staleness !== null && !this.staleReported && staleness * 1000 >= this.staleAfterMs) {
      this.staleReported = true;
      try {
        this.emit('stale', staleness);
      } catch (error) {
        this.fail(new Error(`a stale listener threw: ${String(error)}`));
      }
    }
  }

  private fail(error: Error): void {
    if (this.listenerCount('error') > 0) {
      this.emit('error', error);
    } else {
      this.logger?.warn(`Tightrope ${this.agent}/${this.environment}: ${error.message}`);
    }
  }
}
