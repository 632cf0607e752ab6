/**
 * An OpenFeature provider for `@openfeature/server-sdk`: each agent is an object flag.
 *
 *     OpenFeature.setProviderAndWait(new TightropeProvider({ url, token, agents: ['support-bot'] }));
 *     const config = await OpenFeature.getClient().getObjectValue('support-bot', {}, { targetingKey: 'customer-42' });
 *
 * The flag key is the agent's slug, `targetingKey` the routing key, the value the chosen version's configuration
 * (`{version, snapshotHash, prompt, model, tools, guardrails, knowledgeBase}`, as the runtime API sends it), the
 * variant the version (`v14`), the reason `SPLIT` while a canary runs and `STATIC` otherwise, and the flag metadata
 * `generation`, `arm`, `version`, `environment` and, during a rollout, `rolloutId`. A new generation of an agent emits
 * `PROVIDER_CONFIGURATION_CHANGED` with `flagsChanged: [agent]`. `track(agent, {targetingKey}, {status, latencyMs,
 * …})` reports an outcome, routed again with the same key (sticky, so the same version unless the configuration
 * changed in between).
 *
 * Errors: an agent not given to the provider is `FLAG_NOT_FOUND`; no `targetingKey` is `TARGETING_KEY_MISSING`; an
 * agent whose configuration is not known yet is `PROVIDER_NOT_READY`; asking for a boolean, string or number is
 * `TYPE_MISMATCH`. The default value is returned in each case, as OpenFeature does.
 */
import {
  FlagNotFoundError, OpenFeatureEventEmitter, ProviderEvents, ProviderNotReadyError, StandardResolutionReasons,
  TargetingKeyMissingError, TypeMismatchError,
  type EvaluationContext, type JsonValue, type Provider, type ResolutionDetails, type TrackingEventDetails,
} from '@openfeature/server-sdk';

import { Client } from '../client.js';
import type { Decision } from '../config.js';
import type { ClientOptions, Logger } from '../options.js';
import type { Outcome, OutcomeStatus } from '../outcome.js';

/** Either the connection and the agents (the provider makes and closes one Client per agent), or Clients of yours. */
export type TightropeProviderOptions =
  | (Omit<ClientOptions, 'agent'> & { agents: string[] })
  | { clients: Client[]; waitForConfigMs?: number; logger?: Logger | null };

const OUTCOME_FIELDS = ['taskCompleted', 'costUsd', 'inputTokens', 'outputTokens', 'toolCalls', 'evalScore'] as const;

export class TightropeProvider implements Provider {
  readonly metadata = { name: 'tightrope' } as const;
  readonly runsOn = 'server';
  readonly events = new OpenFeatureEventEmitter();
  private readonly clients = new Map<string, Client>();
  private readonly owned: boolean;
  private readonly waitForConfigMs: number;
  private readonly logger: Logger | null;
  private initialized = false;

  constructor(options: TightropeProviderOptions) {
    if ('clients' in options) {
      options.clients.forEach((client) => this.clients.set(client.agent, client));
      this.owned = false;
    } else {
      const { agents, ...connection } = options;
      if (!Array.isArray(agents) || agents.length === 0) {
        throw new TypeError('TightropeProvider: agents must list at least one agent slug');
      }
      agents.forEach((agent) => this.clients.set(agent, new Client({ ...connection, agent })));
      this.owned = true;
    }
    this.waitForConfigMs = options.waitForConfigMs ?? 10_000;
    this.logger = options.logger === undefined ? console : options.logger;
    for (const [agent, client] of this.clients) {
      client.on('configChanged', (config) => {
        if (this.initialized) {
          this.events.emit(ProviderEvents.ConfigurationChanged, {
            flagsChanged: [agent], metadata: { generation: config.generation },
          });
        }
      });
    }
  }

  /** Waits (up to `waitForConfigMs`) for every agent's configuration; fails only when none arrived. */
  async initialize(): Promise<void> {
    const results = await Promise.allSettled([...this.clients.values()].map((c) => c.ready(this.waitForConfigMs)));
    this.initialized = true;
    if (results.every((result) => result.status === 'rejected')) {
      this.whenFirstArrives();
      throw new ProviderNotReadyError('Tightrope: no agent has a configuration yet: '
        + results.map((r) => (r.status === 'rejected' ? String(r.reason) : '')).join('; '));
    }
  }

  async onClose(): Promise<void> {
    if (this.owned) {
      await Promise.all([...this.clients.values()].map((client) => client.close()));
    }
  }

  async resolveObjectEvaluation<T extends JsonValue>(flagKey: string, _defaultValue: T,
    context: EvaluationContext): Promise<ResolutionDetails<T>> {
    const decision = this.decide(flagKey, context);
    const metadata: Record<string, string | number | boolean> = {
      generation: decision.generation, arm: decision.arm, version: decision.version,
      environment: decision.environment,
    };
    if (decision.rolloutId !== null) {
      metadata['rolloutId'] = decision.rolloutId;
    }
    const config = this.clients.get(flagKey)?.config();
    return {
      value: decision.config as unknown as T,
      variant: `v${decision.version}`,
      reason: config?.canary != null ? StandardResolutionReasons.SPLIT : StandardResolutionReasons.STATIC,
      flagMetadata: metadata,
    };
  }

  async resolveBooleanEvaluation(flagKey: string, _default: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return this.mismatch(flagKey, context, 'boolean');
  }

  async resolveStringEvaluation(flagKey: string, _default: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return this.mismatch(flagKey, context, 'string');
  }

  async resolveNumberEvaluation(flagKey: string, _default: number, context: EvaluationContext): Promise<ResolutionDetails<number>> {
    return this.mismatch(flagKey, context, 'number');
  }

  /**
   * Reports the outcome of a request of agent `trackingEventName` for `context.targetingKey`. The details need
   * `status` (`SUCCESS`/`ERROR`) and `latencyMs`; `taskCompleted`, `costUsd`, `inputTokens`, `outputTokens`,
   * `evalScore` and `toolCalls` are passed on. A bad call is logged (OpenFeature itself would only debug-log it).
   */
  track(trackingEventName: string, context: EvaluationContext, details: TrackingEventDetails): void {
    try {
      const client = this.clients.get(trackingEventName);
      if (client === undefined) {
        throw new FlagNotFoundError(`track: '${trackingEventName}' is not an agent of this provider`);
      }
      const outcome: Outcome = {
        decision: this.decide(trackingEventName, context),
        status: details['status'] as OutcomeStatus,
        latencyMs: details['latencyMs'] as number,
      };
      for (const field of OUTCOME_FIELDS) {
        if (details[field] !== undefined) {
          (outcome as unknown as Record<string, unknown>)[field] = details[field];
        }
      }
      client.report(outcome);
    } catch (error) {
      this.logger?.warn(`Tightrope: track(${trackingEventName}) ignored: ${String(error)}`);
    }
  }

  /** The Client of an agent (undefined for one the provider does not serve). */
  client(agent: string): Client | undefined {
    return this.clients.get(agent);
  }

  private decide(flagKey: string, context: EvaluationContext): Decision {
    const client = this.clients.get(flagKey);
    if (client === undefined) {
      throw new FlagNotFoundError(`'${flagKey}' is not an agent of this Tightrope provider `
        + `(it serves ${[...this.clients.keys()].join(', ')})`);
    }
    const key = context.targetingKey;
    if (typeof key !== 'string' || key === '') {
      throw new TargetingKeyMissingError('Tightrope routes by targetingKey (the routing key): give one');
    }
    if (client.config() === null) {
      throw new ProviderNotReadyError(`no configuration of ${flagKey}/${client.environment} yet`);
    }
    return client.route(key);
  }

  private mismatch<T>(flagKey: string, context: EvaluationContext, type: string): ResolutionDetails<T> {
    this.decide(flagKey, context);
    throw new TypeMismatchError(`agent '${flagKey}' is an object flag, not a ${type}: use getObjectValue`);
  }

  /** After a failed start, the first configuration that arrives makes the provider ready. */
  private whenFirstArrives(): void {
    const ready = (): void => {
      this.clients.forEach((client) => client.off('configChanged', ready));
      this.events.emit(ProviderEvents.Ready);
    };
    this.clients.forEach((client) => client.on('configChanged', ready));
  }
}
