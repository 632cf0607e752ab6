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
 * The outcome as its NDJSON object. Throws `TypeError` when the decision, the status or the latency is missing or
 * of the wrong type (a programming error); value ranges are the server's to check (a refused line counts as
 * `rejected`).
 */
export function toOutcomeLine(outcome: Outcome, clock: Clock): Record<string, unknown> {
  const decision = outcome?.decision;
  if (typeof decision !== 'object' || decision === null || !Number.isInteger(decision.version)) {
    throw new TypeError('Tightrope: report() needs {decision, status, latencyMs}, with the decision route() returned');
  }
  if (outcome.status !== 'SUCCESS' && outcome.status !== 'ERROR') {
    throw new TypeError(`Tightrope: an outcome's status is 'SUCCESS' or 'ERROR', was ${JSON.stringify(outcome.status)}`);
  }
  if (typeof outcome.latencyMs !== 'number' || !Number.isFinite(outcome.latencyMs)) {
    throw new TypeError(`Tightrope: an outcome's latencyMs must be a finite number, was ${String(outcome.latencyMs)}`);
  }
  const line: Record<string, unknown> = {
    agent: decision.agent,
    environment: decision.environment,
    version: decision.version,
    arm: decision.arm,
    generation: decision.generation,
    occurredAt: (outcome.occurredAt ?? clock.wall()).toISOString(),
    status: outcome.status,
    latencyMs: outcome.latencyMs,
  };
  if (decision.rolloutId !== null) {
    line['rolloutId'] = decision.rolloutId;
  }
  if (decision.routingKey !== null && decision.routingKey.length <= MAX_ROUTING_KEY_IN_OUTCOME) {
    line['routingKey'] = decision.routingKey;
  }
  for (const field of ['taskCompleted', 'costUsd', 'inputTokens', 'outputTokens', 'toolCalls', 'evalScore'] as const) {
    if (outcome[field] !== undefined && outcome[field] !== null) {
      line[field] = outcome[field];
    }
  }
  return line;
}
