/** What a runtime reports about one request, and its NDJSON line (docs/outcomes.md has every field's rule). */
import type { Clock } from './clock.js';
import { MAX_ROUTING_KEY, type Decision } from './config.js';

export type OutcomeStatus = 'SUCCESS' | 'ERROR';

export interface ToolCall {
  tool: string;
  status: OutcomeStatus;
  latencyMs: number;
}

/** The outcome of the request `decision` served. Optional fields left out are not sent. */
export interface Outcome {
  decision: Decision;
  status: OutcomeStatus;
  latencyMs: number;
  taskCompleted?: boolean;
  costUsd?: number;
  inputTokens?: number;
  outputTokens?: number;
  toolCalls?: ToolCall[];
  evalScore?: number;
  /** Default: now. */
  occurredAt?: Date;
}

/** The server keeps routing keys of at most this many characters; longer ones are left out of the outcome. */
export const MAX_ROUTING_KEY_IN_OUTCOME = MAX_ROUTING_KEY;

/**
 * Whether the server keeps this routing key in an outcome: at most {@link MAX_ROUTING_KEY_IN_OUTCOME} characters,
 * no U+0000 and no unpaired surrogate (the server refuses such text). A key it would refuse is left out of the line,
 * so that the outcome itself still counts.
 */
export function keptByTheServer(key: string): boolean {
  // eslint-disable-next-line no-control-regex
  return key.length <= MAX_ROUTING_KEY_IN_OUTCOME && !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(key);
}

/**
 * The outcome as its NDJSON object. Throws `TypeError` for a programming error: no decision, a status that is not
 * 'SUCCESS' or 'ERROR', a latency, cost or score that is not a finite number, token counts that are not integers,
 * a `taskCompleted` that is not a boolean, tool calls that are not an array of `{tool: string, status, latencyMs}`
 * (copied: only those three fields are sent), an `occurredAt` that is not a valid Date. So the line it returns is
 * always plain JSON. Value ranges are the server's to check (a refused line counts as `rejected`).
 */
export function toOutcomeLine(outcome: Outcome, clock: Clock): Record<string, unknown> {
  const decision = outcome?.decision;
  if (typeof decision !== 'object' || decision === null || !Number.isInteger(decision.version)) {
    throw new TypeError('Tightrope: report() needs {decision, status, latencyMs}, with the decision route() returned');
  }
  const occurredAt = outcome.occurredAt ?? clock.wall();
  if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) {
    throw new TypeError(`Tightrope: an outcome's occurredAt must be a valid Date, was ${describe(outcome.occurredAt)}`);
  }
  const line: Record<string, unknown> = {
    agent: decision.agent,
    environment: decision.environment,
    version: decision.version,
    arm: decision.arm,
    generation: decision.generation,
    occurredAt: occurredAt.toISOString(),
    status: status('status', outcome.status),
    latencyMs: finite('latencyMs', outcome.latencyMs),
  };
  if (decision.rolloutId !== null) {
    line['rolloutId'] = decision.rolloutId;
  }
  if (typeof decision.routingKey === 'string' && keptByTheServer(decision.routingKey)) {
    line['routingKey'] = decision.routingKey;
  }
  if (present(outcome.taskCompleted)) {
    if (typeof outcome.taskCompleted !== 'boolean') {
      throw new TypeError(`Tightrope: an outcome's taskCompleted must be a boolean, was ${describe(outcome.taskCompleted)}`);
    }
    line['taskCompleted'] = outcome.taskCompleted;
  }
  if (present(outcome.costUsd)) {
    line['costUsd'] = finite('costUsd', outcome.costUsd);
  }
  for (const field of ['inputTokens', 'outputTokens'] as const) {
    if (present(outcome[field])) {
      if (!Number.isSafeInteger(outcome[field])) {
        throw new TypeError(`Tightrope: an outcome's ${field} must be an integer number, was ${describe(outcome[field])}`);
      }
      line[field] = outcome[field];
    }
  }
  if (present(outcome.toolCalls)) {
    if (!Array.isArray(outcome.toolCalls)) {
      throw new TypeError(`Tightrope: an outcome's toolCalls must be an array, was ${describe(outcome.toolCalls)}`);
    }
    line['toolCalls'] = outcome.toolCalls.map((call: ToolCall) => {
      if (typeof call !== 'object' || call === null || typeof call.tool !== 'string') {
        throw new TypeError(`Tightrope: a tool call is {tool: string, status, latencyMs}, was ${describe(call)}`);
      }
      return { tool: call.tool, status: status('tool call status', call.status), latencyMs: finite('tool call latencyMs', call.latencyMs) };
    });
  }
  if (present(outcome.evalScore)) {
    line['evalScore'] = finite('evalScore', outcome.evalScore);
  }
  return line;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function status(name: string, value: unknown): OutcomeStatus {
  if (value !== 'SUCCESS' && value !== 'ERROR') {
    throw new TypeError(`Tightrope: an outcome's ${name} is 'SUCCESS' or 'ERROR', was ${describe(value)}`);
  }
  return value;
}

function finite(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`Tightrope: an outcome's ${name} must be a finite number, was ${describe(value)}`);
  }
  return value;
}

/** A value for an error message; never throws (a BigInt, a circular object). */
function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'bigint') {
    return `${value}n (a BigInt)`;
  }
  if (typeof value === 'object' && value !== null) {
    return Array.isArray(value) ? 'an array' : 'an object';
  }
  return String(value);
}
