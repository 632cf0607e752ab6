/**
 * The routing configuration a runtime caches, and the decision for one request.
 *
 * The JSON is the server's `RoutingConfig` (the same as GraphQL `configChanged` and `GET …/config`):
 *
 *     {"agent": "support-bot", "environment": "production", "generation": 7, "weight": 5,
 *      "salt": "9f86d081884c7d65", "rolloutId": "12",
 *      "stable": {"version": 13, "snapshotHash": "…", "prompt": {…}, "model": {…}, "tools": {…},
 *                 "guardrails": {…}, "knowledgeBase": {…}},
 *      "canary": {"version": 14, …} or null}
 */
import { arm as pickArm, bucket, BUCKETS, CANARY, type Arm } from './bucketing.js';
import { ProtocolError } from './errors.js';

/** A JSON object as the server sent it. */
export type JsonObject = { [key: string]: unknown };

/** One agent version's five components (plain JSON objects) and anything else the server sent with them. */
export interface VersionConfig {
  readonly version: number;
  readonly snapshotHash?: string;
  readonly prompt?: JsonObject;
  readonly model?: JsonObject;
  readonly tools?: JsonObject;
  readonly guardrails?: JsonObject;
  readonly knowledgeBase?: JsonObject;
  readonly [key: string]: unknown;
}

/** A deployment's configuration at one generation. Frozen; a change replaces it whole. */
export interface RoutingConfig {
  readonly agent: string;
  readonly environment: string;
  readonly generation: number;
  readonly weight: number;
  readonly salt: string | null;
  readonly rolloutId: string | null;
  readonly stable: VersionConfig;
  readonly canary: VersionConfig | null;
  readonly [key: string]: unknown;
}

/**
 * Which version serves one request: `version`, `arm` (`STABLE`/`CANARY`), `generation`, `rolloutId`, the routing
 * key, and the version's components. Pass it to `Client.report` with what happened.
 */
export interface Decision {
  readonly agent: string;
  readonly environment: string;
  readonly arm: Arm;
  readonly version: number;
  readonly generation: number;
  readonly rolloutId: string | null;
  readonly routingKey: string | null;
  /** The version's configuration as the server sent it (`stable` or `canary` of the RoutingConfig). */
  readonly config: VersionConfig;
  readonly prompt: JsonObject | undefined;
  readonly model: JsonObject | undefined;
  readonly tools: JsonObject | undefined;
  readonly guardrails: JsonObject | undefined;
  readonly knowledgeBase: JsonObject | undefined;
  /** The tools this request must not use: their circuit breaker is open, or half-open and not letting it in. */
  readonly disabledTools: readonly string[];
  /**
   * The OpenTelemetry attributes to put on the request's `invoke_agent` span, so that Tightrope's OTLP endpoint
   * (`POST /v1/traces`) counts the span as this decision's outcome: see {@link spanAttributes}.
   */
  spanAttributes(): Record<string, string | number>;
}

/** The server keeps routing keys of at most this many characters; longer ones are left out of what is reported. */
export const MAX_ROUTING_KEY = 200;

/**
 * The attributes for the `invoke_agent` span of the request `decision` served (a new object each call):
 * `tightrope.agent`, `tightrope.environment`, `tightrope.version`, `tightrope.arm`, `tightrope.generation`, and
 * when set `tightrope.rollout_id` and `tightrope.routing_key`; and the OpenTelemetry feature-flag attributes
 * `feature_flag.key` (the agent), `feature_flag.result.variant` (`v14`, as the OpenFeature provider answers),
 * `feature_flag.provider.name` (`tightrope`) and `feature_flag.context.id` (the routing key). A routing key longer
 * than the server keeps (200 characters) is left out.
 *
 *     tracer.startActiveSpan(`invoke_agent ${decision.agent}`, { attributes: decision.spanAttributes() }, (span) => …);
 */
export function spanAttributes(decision: Decision): Record<string, string | number> {
  const attributes: Record<string, string | number> = {
    'tightrope.agent': decision.agent,
    'tightrope.environment': decision.environment,
    'tightrope.version': decision.version,
    'tightrope.arm': decision.arm,
    'tightrope.generation': decision.generation,
    'feature_flag.key': decision.agent,
    'feature_flag.result.variant': `v${decision.version}`,
    'feature_flag.provider.name': 'tightrope',
  };
  if (decision.rolloutId !== null) {
    attributes['tightrope.rollout_id'] = decision.rolloutId;
  }
  if (decision.routingKey !== null && decision.routingKey.length <= MAX_ROUTING_KEY) {
    attributes['tightrope.routing_key'] = decision.routingKey;
    attributes['feature_flag.context.id'] = decision.routingKey;
  }
  return attributes;
}

function spanAttributesOfThis(this: Decision): Record<string, string | number> {
  return spanAttributes(this);
}

/**
 * The tools a request must not use, from the configuration's `toolGates` (sorted by name): an OPEN gate disables
 * the tool for every request; a HALF_OPEN one lets in the keys whose bucket under the salt `tool:<name>` is below
 * `share × 100`, as the server's route() does.
 */
export function disabledTools(config: RoutingConfig, routingKey: string | null | undefined): string[] {
  const gates = config['toolGates'];
  if (!isObject(gates)) {
    return [];
  }
  const disabled: string[] = [];
  for (const tool of Object.keys(gates).sort()) {
    const gate = gates[tool];
    const share = isObject(gate) && typeof gate['share'] === 'number' ? gate['share'] : 0;
    const admitted = isObject(gate) && gate['state'] === 'HALF_OPEN' && typeof routingKey === 'string'
      && routingKey !== '' && bucket('tool:' + tool, routingKey) < share * (BUCKETS / 100);
    if (!admitted) {
      disabled.push(tool);
    }
  }
  return disabled;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}

function checkVersion(raw: unknown, field: string): VersionConfig {
  if (!isObject(raw) || !Number.isInteger(raw['version'])) {
    throw new ProtocolError(`not a Tightrope routing configuration: ${field} needs a whole-number version`);
  }
  return raw as unknown as VersionConfig;
}

/**
 * Checks that `raw` (parsed JSON) is a routing configuration and freezes it, so the decisions handed out can share
 * it safely. Throws `ProtocolError` naming what is wrong.
 */
export function parseConfig(raw: unknown): RoutingConfig {
  if (!isObject(raw)) {
    throw new ProtocolError('not a Tightrope routing configuration: not a JSON object');
  }
  const generation = raw['generation'];
  if (!Number.isInteger(generation) || (generation as number) < 0) {
    throw new ProtocolError('not a Tightrope routing configuration: generation must be a whole number');
  }
  checkVersion(raw['stable'], 'stable');
  const canary = raw['canary'] === undefined || raw['canary'] === null ? null : checkVersion(raw['canary'], 'canary');
  const weight = raw['weight'] ?? 0;
  if (!Number.isInteger(weight) || (weight as number) < 0 || (weight as number) > 100) {
    throw new ProtocolError('not a Tightrope routing configuration: weight must be a whole number from 0 to 100');
  }
  const salt = raw['salt'] ?? null;
  if (salt !== null && (typeof salt !== 'string' || salt === '')) {
    throw new ProtocolError('not a Tightrope routing configuration: salt must be a non-empty string or null');
  }
  if (canary !== null && (weight as number) > 0 && salt === null) {
    throw new ProtocolError('not a Tightrope routing configuration: a canary with a weight needs a salt');
  }
  const rolloutId = raw['rolloutId'] ?? null;
  if (rolloutId !== null && typeof rolloutId !== 'string') {
    throw new ProtocolError('not a Tightrope routing configuration: rolloutId must be a string or null');
  }
  return deepFreeze({ ...raw, weight, salt, rolloutId, canary }) as RoutingConfig;
}

/** The decision for one request, exactly as the server's route() makes it. */
export function route(config: RoutingConfig, routingKey: string | null | undefined,
  random: () => number = Math.random): Decision {
  const arm = pickArm(config.salt, config.weight, config.canary !== null, routingKey, random);
  const version = arm === CANARY && config.canary !== null ? config.canary : config.stable;
  return {
    agent: config.agent,
    environment: config.environment,
    arm,
    version: version.version,
    generation: config.generation,
    rolloutId: config.rolloutId,
    routingKey: routingKey === undefined || routingKey === '' ? null : routingKey,
    config: version,
    prompt: version.prompt,
    model: version.model,
    tools: version.tools,
    guardrails: version.guardrails,
    knowledgeBase: version.knowledgeBase,
    disabledTools: disabledTools(config, routingKey),
    spanAttributes: spanAttributesOfThis,
  };
}
