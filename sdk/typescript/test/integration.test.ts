/**
 * Against a real Tightrope server (the conformance run, sdk/conformance/run.sh), skipped unless these are set:
 *
 *     TIGHTROPE_URL            e.g. http://127.0.0.1:8080
 *     TIGHTROPE_RUNTIME_TOKEN  a RUNTIME token
 *     TIGHTROPE_AGENT          an agent with at least two versions, deployed (without a canary) in the environment
 *     TIGHTROPE_ENVIRONMENT    default production
 *     TIGHTROPE_ADMIN_TOKEN    optional: traffic changes, their propagation, outcome counts
 *     TIGHTROPE_SERVER_STOP, TIGHTROPE_SERVER_START   optional: commands that stop and start the server
 *
 * The SDK must route every key exactly as the server's route() does, follow the changes and acknowledge them,
 * have every outcome counted, keep serving while the server is away and catch up when it is back.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';

import { Backoff, Client, Tightrope } from '../src/index.js';
import { canaryComparison, env, propagation, serverRoutes, traffic } from './real-server.js';
import { eventually } from './support.js';

const KEYS = [
  ...Array.from({ length: 980 }, (_, i) => (i % 2 === 0 ? `user-${i}` : `${(i * 2654435761 >>> 0).toString(16)}-${i}`)),
  'clé-é', 'cle\u0301-e\u0301', '日本語', '🚀 rocket', 'a:b', ' ', '"quoted"', 'back\\slash', 'مرحبا', 'tab\tkey',
  'new\nline', 'x'.repeat(600), '::', 'ß', 'İ', '😀😀', 'null', '0', 'user-42', 'Ω',
];
const skip = env.url && env.runtimeToken && env.agent ? false : 'set TIGHTROPE_URL, TIGHTROPE_RUNTIME_TOKEN and TIGHTROPE_AGENT';
const noAdmin = env.adminToken ? false : 'set TIGHTROPE_ADMIN_TOKEN';

describe('against a real Tightrope', { skip }, () => {
  let client: Client;

  before(async () => {
    client = await Tightrope.connect({
      url: env.url, token: env.runtimeToken, agent: env.agent, environment: env.environment,
      runtimeId: 'ts-sdk-conformance', waitForConfigMs: 15_000, outcomeFlushIntervalMs: 200,
      backoff: new Backoff({ initialMs: 100, maximumMs: 1_000 }), streamFailuresBeforePolling: 1_000,
    });
  });
  after(async () => {
    await client.close(10_000);
  });

  async function assertRoutesLikeTheServer(): Promise<void> {
    const server = await serverRoutes(KEYS);
    const differing = KEYS.flatMap((key, i) => {
      const local = client.route(key);
      const remote = server[i];
      return remote && local.version === remote.version && local.arm === remote.arm
        && local.generation === remote.generation ? [] : [{ key, local: [local.version, local.arm, local.generation], remote }];
    });
    assert.deepEqual(differing, [], `${differing.length} of ${KEYS.length} keys route differently`);
  }

  it('routes a thousand keys exactly like the server', async () => {
    assert.notEqual(client.generation, null, 'a first configuration');
    assert.equal(KEYS.length, 1_000);
    await assertRoutesLikeTheServer();
  });

  it('follows a rollout and its rollback, acknowledges both, and every outcome is counted', { skip: noAdmin }, async () => {
    const started = await traffic('startRollout', { version: 2, weight: 30 });
    await eventually(() => client.generation === started.generation, 15_000, 'the rollout reaches the SDK');
    await assertRoutesLikeTheServer();
    await eventually(async () => (await propagation(started.generation)) === 'ACKNOWLEDGED', 15_000,
      'the rollout acknowledged (propagation status)');

    const advanced = await traffic('advanceRollout', { weight: 50 });
    await eventually(() => client.generation === advanced.generation, 15_000, 'the new weight reaches the SDK');
    await assertRoutesLikeTheServer();
    // the comparison counts whole buckets from the step's start on: report from the next bucket boundary
    const rolloutId = started.rolloutId ?? '';
    const stepStart = Date.parse((await canaryComparison(rolloutId)).stepStartedAt);
    const width = env.bucketSeconds * 1000;
    const boundary = Math.ceil(stepStart / width) * width;
    await eventually(() => Date.now() > boundary + 100, width + 5_000, 'the next outcome bucket');
    const reported = { STABLE: 0, CANARY: 0 };
    for (let i = 0; i < 300; i++) {
      const decision = client.route(`user-${i}`);
      assert.equal(client.report({ decision, status: i % 4 === 0 ? 'ERROR' : 'SUCCESS', latencyMs: 100 + i,
        taskCompleted: i % 3 !== 0, costUsd: 0.001, inputTokens: 10, outputTokens: 5 }), true);
      reported[decision.arm]++;
    }
    assert.equal(await client.outcomes.flush(15_000), true);
    assert.deepEqual([client.outcomes.sent, client.outcomes.rejected, client.outcomes.failed, client.outcomes.dropped],
      [300, 0, 0, 0]);
    await eventually(async () => {
      const errorRate = (await canaryComparison(rolloutId)).metrics.find((m) => m.metric === 'ERROR_RATE');
      return errorRate?.stableSamples === reported.STABLE && errorRate.canarySamples === reported.CANARY;
    }, 15_000, `the comparison counts ${reported.STABLE} stable and ${reported.CANARY} canary outcomes`);

    const rolledBack = await traffic('rollback');
    await eventually(() => client.generation === rolledBack.generation, 15_000, 'the rollback reaches the SDK');
    assert.equal(client.config()?.canary, null);
    await eventually(async () => (await propagation(rolledBack.generation)) === 'ACKNOWLEDGED', 15_000,
      'the rollback acknowledged (propagation status)');
    assert.ok(client.acknowledgedGeneration >= rolledBack.generation);
    await assertRoutesLikeTheServer();
  });

  it('keeps serving while the server is stopped, and catches up when it is back',
    { skip: env.stopCommand && env.startCommand && env.adminToken ? false : 'set TIGHTROPE_SERVER_STOP/START and the ADMIN token' },
    async () => {
      const before = client.route('user-1');
      execFileSync('bash', ['-c', env.stopCommand], { stdio: 'inherit', timeout: 60_000 });
      await eventually(() => (client.staleness() ?? 0) > 2, 30_000, 'staleness grows while the server is away');
      for (let i = 0; i < 1_000; i++) {
        assert.equal(client.route('user-1').version, before.version, 'fail-static');
      }
      const stale = client.staleness() ?? 0;
      execFileSync('bash', ['-c', env.startCommand], { stdio: 'inherit', timeout: 180_000 });
      await eventually(() => (client.staleness() ?? 99) < stale, 30_000, 'the stream is back (staleness falls)');
      const started = await traffic('startRollout', { version: 2, weight: 10 });
      await eventually(() => client.generation === started.generation, 15_000, 'a change after the restart reaches the SDK');
      await eventually(async () => (await propagation(started.generation)) === 'ACKNOWLEDGED', 15_000,
        'acknowledged after the restart');
      await assertRoutesLikeTheServer();
      const rolledBack = await traffic('rollback');
      await eventually(() => client.generation === rolledBack.generation, 15_000, 'the rollback reaches the SDK');
    });
});
