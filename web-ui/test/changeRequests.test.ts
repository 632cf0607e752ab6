import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/errors';
import type { ChangeRequest } from '../src/api/types';
import { argumentsOf, describeChange, expiry, isOwn, mayDecide, recoveryFor, requestFor, shownState }
  from '../src/logic/changeRequests';
import { planAdvance, planDeploy, planRollback } from '../src/logic/trafficActions';

const NOW = Date.parse('2026-12-01T12:00:00Z');

const request: ChangeRequest = { id: '7', agent: 'support-bot', environment: 'production', operation: 'DEPLOY',
  version: 14, weight: null, hasPlan: false, from: null, mode: null, reason: 'fix the greeting', generation: 3,
  state: 'PENDING', requestedBy: 'token:alice', requestedAt: '2026-12-01T11:00:00Z', expiresAt: '2026-12-02T11:00:00Z',
  decidedBy: null, decidedAt: null, decisionReason: null, eventGeneration: null, outcome: null };

const alice = { name: 'alice', role: 'OPERATOR' as const };
const bob = { name: 'bob', role: 'OPERATOR' as const };

describe('a change request in words and as its mutation', () => {
  it.each<[Partial<ChangeRequest>, string]>([
    [{}, 'deploy v14 of support-bot to production (all traffic at once)'],
    [{ operation: 'START_ROLLOUT', weight: 10 }, 'start a rollout of v14 of support-bot in production at 10 % by hand'],
    [{ operation: 'START_ROLLOUT', hasPlan: true }, 'start a rollout of v14 of support-bot in production with its own plan'],
    [{ operation: 'ADVANCE_ROLLOUT', version: null, weight: 50 }, 'set the canary weight of support-bot in production to 50 %'],
    [{ operation: 'PROMOTE', version: null }, 'promote the canary of support-bot in production to stable'],
    [{ operation: 'PROMOTE_ENVIRONMENT', from: 'staging', mode: 'ROLLOUT' },
      'release v14, stable in staging, to production for support-bot as a rollout'],
  ])('%j', (changes, text) => {
    expect(describeChange({ ...request, ...changes })).toBe(text);
  });

  it('the exact arguments, with the generation it applies at', () => {
    expect(argumentsOf(request))
      .toBe('deploy(agent: "support-bot", environment: "production", version: 14, expectedGeneration: 3)');
    expect(argumentsOf({ ...request, operation: 'PROMOTE_ENVIRONMENT', from: 'staging', mode: 'DEPLOY' }))
      .toBe('promoteEnvironment(agent: "support-bot", environment: "production", version: 14, from: "staging", '
        + 'mode: "DEPLOY", expectedGeneration: 3)');
    const plan = '{"steps":[{"weight":10,"minDurationSeconds":300,"minSamplesPerArm":150}],"srmAction":"PAUSE"}';
    expect(argumentsOf({ ...request, operation: 'START_ROLLOUT', hasPlan: true, plan }))
      .toBe('startRollout(agent: "support-bot", environment: "production", version: 14, plan: '
        + '{"steps":[{"weight":10,"minDurationSeconds":300,"minSamplesPerArm":150}],"srmAction":"PAUSE"}, '
        + 'expectedGeneration: 3)');
  });
});

describe('states and expiry', () => {
  it('a pending request past its expiry shows as expired before the server marks it', () => {
    expect(shownState(request, NOW)).toBe('PENDING');
    expect(shownState(request, Date.parse('2026-12-02T11:00:01Z'))).toBe('EXPIRED');
    expect(shownState({ ...request, state: 'APPLIED' }, Date.parse('2026-12-03T00:00:00Z'))).toBe('APPLIED');
  });

  it('reads how long is left, or how long ago it expired', () => {
    expect(expiry(request.expiresAt, NOW)).toBe('expires in 23 h');
    expect(expiry(request.expiresAt, Date.parse('2026-12-02T11:05:00Z'))).toBe('expired 5 min ago');
  });
});

describe('who may decide', () => {
  it('a second OPERATOR or ADMIN, not the requester, not a VIEWER', () => {
    expect(mayDecide(request, bob, NOW)).toBe(true);
    expect(mayDecide(request, { name: 'carol', role: 'ADMIN' }, NOW)).toBe(true);
    expect(mayDecide(request, alice, NOW)).toBe(false);
    expect(isOwn(request, alice)).toBe(true);
    expect(mayDecide(request, { name: 'vic', role: 'VIEWER' }, NOW)).toBe(false);
    expect(mayDecide(request, null, NOW)).toBe(false);
  });

  it('only while it waits', () => {
    expect(mayDecide({ ...request, state: 'APPLIED' }, bob, NOW)).toBe(false);
    expect(mayDecide(request, bob, Date.parse('2026-12-03T00:00:00Z'))).toBe(false);
  });

  it('a Slack requester is never taken for a token of the same name', () => {
    expect(mayDecide({ ...request, requestedBy: 'slack:U1 (alice)' }, alice, NOW)).toBe(true);
  });
});

describe('a refused traffic change', () => {
  const deployment = { agent: 'support-bot', environment: 'production', stableVersion: 13, generation: 3,
    updatedAt: '', rollout: null, events: { edges: [] } };
  const deploy = planDeploy(deployment, 14)!;
  const approval = new ApiError('APPROVAL_REQUIRED', 'protected');
  const frozen = new ApiError('FROZEN', 'frozen', { frozenUntil: '2026-12-24T18:00:00Z' });

  it('APPROVAL_REQUIRED: request approval with the same operation and arguments', () => {
    expect(recoveryFor(approval, 'OPERATOR', deploy)).toBe('requestApproval');
    expect(requestFor(deploy)).toEqual({ operation: 'DEPLOY', agent: 'support-bot', environment: 'production',
      version: 14, weight: null, reason: 'deployed from the dashboard', expectedGeneration: 3 });
    const advance = planAdvance({ ...deployment, rollout: { id: '1', canaryVersion: 14, baselineVersion: 13, weight: 10,
      status: 'RUNNING' } }, 50)!;
    expect(requestFor(advance)).toMatchObject({ operation: 'ADVANCE_ROLLOUT', weight: 50, version: null });
  });

  it('FROZEN: only an ADMIN is offered the override', () => {
    expect(recoveryFor(frozen, 'ADMIN', deploy)).toBe('overrideFreeze');
    expect(recoveryFor(frozen, 'OPERATOR', deploy)).toBeNull();
  });

  it('nothing to offer for a rollback or another refusal', () => {
    expect(recoveryFor(approval, 'OPERATOR', planRollback(deployment))).toBeNull();
    expect(recoveryFor(new ApiError('CONFLICT', 'moved'), 'ADMIN', deploy)).toBeNull();
    expect(requestFor(planRollback(deployment))).toBeNull();
  });

  it('a deploy of the stable version or during a rollout is not offered', () => {
    expect(planDeploy(deployment, 13)).toBeNull();
    expect(planDeploy({ ...deployment, rollout: { id: '1', canaryVersion: 14, baselineVersion: 13, weight: 10,
      status: 'RUNNING' } }, 12)).toBeNull();
    expect(deploy.sentence).toBe('Deploy v14 of support-bot to production: it replaces v13 as the stable version and '
      + 'takes all production traffic at once.');
  });
});
