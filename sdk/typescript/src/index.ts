/**
 * Tightrope for Node agent runtimes: route locally with the server's exact bucketing, follow configuration
 * changes, stay up when the server is away, report outcomes in the background. No runtime dependency.
 *
 *     import { Tightrope } from '@tightrope/sdk';
 *     const client = await Tightrope.connect({ url: 'http://localhost:8080', token: 'tr_…', agent: 'support-bot' });
 *     const decision = client.route('customer-42');
 */
import { Client } from './client.js';
import type { ClientOptions } from './options.js';

export { Client, type ClientEvents } from './client.js';
export type { ClientOptions, Logger } from './options.js';
export { Backoff, retryAfterMs, type BackoffOptions } from './backoff.js';
export { arm, bucket, stickyArm, threshold, BUCKETS, CANARY, STABLE, type Arm } from './bucketing.js';
export { parseConfig, route, spanAttributes, MAX_ROUTING_KEY, type Decision, type JsonObject, type RoutingConfig, type VersionConfig } from './config.js';
export { ApiError, NotReadyError, ProtocolError, TightropeError } from './errors.js';
export { systemClock, type Clock } from './clock.js';
export type { Outcome, OutcomeStatus, ToolCall } from './outcome.js';
export { OutcomeReporter } from './outcomes.js';
export type { SyncMode } from './follower.js';

export const Tightrope = {
  /**
   * A started client, once its first configuration is known or `waitForConfigMs` (10 s) passed, whichever comes
   * first; then `client.generation` is null and `route()` throws `NotReadyError` until one arrives (as the Python
   * SDK's constructor does). Use `client.ready()` to insist.
   */
  async connect(options: ClientOptions): Promise<Client> {
    const client = new Client(options);
    await client.ready(options.waitForConfigMs ?? 10_000).catch(() => undefined);
    return client;
  },
};
