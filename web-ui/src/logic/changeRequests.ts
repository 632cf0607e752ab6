import type { ApiError } from '../api/errors';
import type { ChangeOperation, ChangeRequest, ChangeState } from '../api/types';
import { can, type Role } from '../auth/roles';
import type { Viewer } from '../auth/session';
import { duration, version } from './format';

/**
 * Change requests of protected environments (docs/governance.md) as the dashboard shows and decides them: the exact
 * change in words and as arguments, whether it is still open, who may decide it, and what to offer when a traffic
 * change is refused with APPROVAL_REQUIRED or FROZEN.
 */

/** The change a request asks for, in words: "deploy v2 of support-bot to production". */
export function describeChange(r: Pick<ChangeRequest, 'operation' | 'agent' | 'environment' | 'version' | 'weight'
  | 'hasPlan' | 'from' | 'mode'>): string {
  const where = `${r.agent} in ${r.environment}`;
  switch (r.operation) {
    case 'DEPLOY':
      return `deploy ${version(r.version)} of ${r.agent} to ${r.environment} (all traffic at once)`;
    case 'START_ROLLOUT':
      return `start a rollout of ${version(r.version)} of ${where}`
        + (r.weight != null ? ` at ${r.weight} % by hand` : r.hasPlan ? ' with its own plan' : ' with the default plan');
    case 'ADVANCE_ROLLOUT':
      return `set the canary weight of ${where} to ${r.weight ?? '?'} %`;
    case 'PROMOTE':
      return `promote the canary of ${where} to stable`;
    case 'PROMOTE_ENVIRONMENT':
      return `release ${version(r.version)}, stable in ${r.from ?? '?'}, to ${r.environment} for ${r.agent}`
        + (r.mode === 'ROLLOUT' ? ' as a rollout' : ' as a deploy');
  }
}

/** The request's arguments as the mutation takes them, for showing exactly what will run. */
export function argumentsOf(r: ChangeRequest): string {
  const args: Record<string, unknown> = { agent: r.agent, environment: r.environment };
  if (r.version != null) args.version = r.version;
  if (r.weight != null) args.weight = r.weight;
  if (r.from != null) args.from = r.from;
  if (r.mode != null) args.mode = r.mode;
  if (r.hasPlan) args.plan = planOf(r);
  args.expectedGeneration = r.generation;
  return `${mutationOf(r.operation)}(${Object.entries(args).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')})`;
}

/** The stored plan, parsed, so the approver reads the exact steps and policies; '(own plan)' when not given. */
function planOf(r: ChangeRequest): unknown {
  if (!r.plan) return '(own plan)';
  try {
    return JSON.parse(r.plan);
  } catch {
    return r.plan;
  }
}

export function mutationOf(operation: ChangeOperation): string {
  const names: Record<ChangeOperation, string> = { DEPLOY: 'deploy', START_ROLLOUT: 'startRollout',
    ADVANCE_ROLLOUT: 'advanceRollout', PROMOTE: 'promote', PROMOTE_ENVIRONMENT: 'promoteEnvironment' };
  return names[operation];
}

/**
 * The state to show: a PENDING request past its expiry is EXPIRED already (the server marks it within a minute);
 * the others as the server says.
 */
export function shownState(r: Pick<ChangeRequest, 'state' | 'expiresAt'>, now = Date.now()): ChangeState {
  return r.state === 'PENDING' && new Date(r.expiresAt).getTime() <= now ? 'EXPIRED' : r.state;
}

export const STATE_TEXT: Record<ChangeState, string> = {
  PENDING: 'waiting for approval',
  APPROVED: 'approved, being applied',
  APPLIED: 'applied',
  REJECTED: 'rejected',
  EXPIRED: 'expired: nobody decided in time',
  STALE: 'stale: the deployment changed since; request again',
  FAILED: 'failed: the change was refused when applied',
};

/** "expires in 23 h 59 min" / "expired 5 min ago". */
export function expiry(expiresAt: string, now = Date.now()): string {
  const seconds = (new Date(expiresAt).getTime() - now) / 1000;
  return seconds > 0 ? `expires in ${duration(seconds)}` : `expired ${duration(-seconds)} ago`;
}

/** The token name of an actor as the server writes it ("token:alice" → "alice"); null for other actors. */
function tokenName(actor: string): string | null {
  return actor.startsWith('token:') ? actor.slice('token:'.length) : null;
}

/**
 * Whether this person may approve or reject the request: OPERATOR or ADMIN, the request still open, and not their
 * own (the server refuses a requester deciding their own request; the dashboard does not offer it).
 */
export function mayDecide(r: Pick<ChangeRequest, 'state' | 'expiresAt' | 'requestedBy'>, viewer: Viewer | null,
  now = Date.now()): boolean {
  if (!viewer || !can(viewer.role, 'decideChanges')) return false;
  if (shownState(r, now) !== 'PENDING') return false;
  return tokenName(r.requestedBy) !== viewer.name;
}

export function isOwn(r: Pick<ChangeRequest, 'requestedBy'>, viewer: Viewer | null): boolean {
  return !!viewer && tokenName(r.requestedBy) === viewer.name;
}

/** A traffic change the dashboard can send for approval: its operation and the mutation's variables. */
export interface Requestable {
  operation?: ChangeOperation;
  variables: Record<string, unknown>;
}

/** The variables of {@code requestChange} for exactly this change: the same operation and arguments. */
export function requestFor(change: Requestable): Record<string, unknown> | null {
  if (!change.operation) return null;
  const v = change.variables;
  return {
    operation: change.operation,
    agent: v.agent,
    environment: v.environment,
    version: typeof v.version === 'number' ? v.version : null,
    weight: typeof v.weight === 'number' ? v.weight : null,
    reason: typeof v.reason === 'string' ? v.reason : null,
    // the generation the person saw: the request is refused if the deployment has moved on since
    expectedGeneration: typeof v.expectedGeneration === 'number' ? v.expectedGeneration : null,
  };
}

/** What a refused traffic change can still become. */
export type Recovery = 'requestApproval' | 'overrideFreeze' | null;

/**
 * APPROVAL_REQUIRED: request approval (OPERATOR and up, for a change that can be requested). FROZEN: an ADMIN may act
 * anyway with a reason ({@code overrideFreeze}); others wait for the end of the window.
 */
export function recoveryFor(error: unknown, role: Role | null | undefined, change: Requestable): Recovery {
  const code = (error as ApiError | null)?.code;
  if (code === 'APPROVAL_REQUIRED' && change.operation && can(role, 'requestChanges')) return 'requestApproval';
  if (code === 'FROZEN' && change.operation && can(role, 'overrideFreeze')) return 'overrideFreeze';
  return null;
}
