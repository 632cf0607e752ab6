/** The provider through the real OpenFeature server SDK (no mock of OpenFeature). */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { ErrorCode, OpenFeature, ProviderEvents, ProviderStatus, type EventDetails } from '@openfeature/server-sdk';

import { Backoff } from '../src/index.js';
import { TightropeProvider } from '../src/openfeature/index.js';
import { config, FakeTightrope, TOKEN } from './fake-server.js';
import { eventually, silent } from './support.js';

describe('TightropeProvider', () => {
  let server: FakeTightrope;
  let domain = 0;
  let name = '';

  beforeEach(async () => {
    server = await FakeTightrope.start();
    name = `tightrope-test-${++domain}`;
  });
  afterEach(async () => {
    await OpenFeature.clearProviders(); // closes the providers, and so their clients
    await server.close();
  });

  function provider(waitForConfigMs = 5_000): TightropeProvider {
    return new TightropeProvider({
      url: server.url, token: TOKEN, agents: ['support-bot'], runtimeId: 'of-pod', waitForConfigMs, logger: silent,
      backoff: new Backoff({ initialMs: 10, maximumMs: 50 }), outcomeFlushIntervalMs: 20,
    });
  }

  it('resolves an agent as an object flag: the version\'s configuration, its variant, SPLIT and metadata', async () => {
    server.current = config(4, 100, 'salt-1', 2);
    await OpenFeature.setProviderAndWait(name, provider());
    const client = OpenFeature.getClient(name);
    const details = await client.getObjectDetails('support-bot', {}, { targetingKey: 'user-42' });
    assert.equal(details.errorCode, undefined);
    assert.equal(details.variant, 'v2');
    assert.equal(details.reason, 'SPLIT');
    assert.deepEqual(details.flagMetadata, { generation: 4, arm: 'CANARY', version: 2, environment: 'production', rolloutId: '7' });
    const value = details.value as { version: number; prompt: { system: string } };
    assert.equal(value.version, 2);
    assert.equal(value.prompt.system, 'prompt v2');
    assert.deepEqual(await client.getObjectValue('support-bot', {}, { targetingKey: 'user-42' }), details.value);
  });

  it('is STATIC without a rollout, and emits PROVIDER_CONFIGURATION_CHANGED on a new generation', async () => {
    await OpenFeature.setProviderAndWait(name, provider());
    const client = OpenFeature.getClient(name);
    const first = await client.getObjectDetails('support-bot', {}, { targetingKey: 'someone' });
    assert.deepEqual([first.variant, first.reason, first.flagMetadata['arm']], ['v1', 'STATIC', 'STABLE']);
    const changes: Array<EventDetails | undefined> = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (event) => changes.push(event));
    server.publish(config(2, 100, 'salt-1', 2));
    await eventually(() => changes.length === 1, 5_000, 'a configuration-changed event');
    assert.deepEqual(changes[0]?.flagsChanged, ['support-bot']);
    const after = await client.getObjectDetails('support-bot', {}, { targetingKey: 'someone' });
    assert.deepEqual([after.variant, after.reason], ['v2', 'SPLIT']);
  });

  it('maps errors to OpenFeature codes and returns the default', async () => {
    await OpenFeature.setProviderAndWait(name, provider());
    const client = OpenFeature.getClient(name);
    const fallback = { fallback: true };
    const unknown = await client.getObjectDetails('billing-bot', fallback, { targetingKey: 'k' });
    assert.deepEqual([unknown.errorCode, unknown.value], [ErrorCode.FLAG_NOT_FOUND, fallback]);
    const keyless = await client.getObjectDetails('support-bot', fallback, {});
    assert.deepEqual([keyless.errorCode, keyless.value], [ErrorCode.TARGETING_KEY_MISSING, fallback]);
    const wrongType = await client.getBooleanDetails('support-bot', false, { targetingKey: 'k' });
    assert.equal(wrongType.errorCode, ErrorCode.TYPE_MISMATCH);
  });

  it('is PROVIDER_NOT_READY while no configuration is known, and becomes ready when one arrives', async () => {
    server.current = null; // nothing deployed yet
    const tightrope = provider(100);
    await assert.rejects(OpenFeature.setProviderAndWait(name, tightrope));
    const client = OpenFeature.getClient(name);
    assert.equal(client.providerStatus, ProviderStatus.ERROR);
    const early = await client.getObjectDetails('support-bot', { early: true }, { targetingKey: 'k' });
    assert.deepEqual([early.errorCode, early.value], [ErrorCode.PROVIDER_NOT_READY, { early: true }]);
    server.current = config(1);
    await eventually(() => client.providerStatus === ProviderStatus.READY, 5_000, 'ready after the first configuration');
    const late = await client.getObjectDetails('support-bot', {}, { targetingKey: 'k' });
    assert.equal(late.variant, 'v1');
  });

  it('track() reports an outcome of the routed version', async () => {
    server.current = config(3, 100, 'salt-1', 2);
    const tightrope = provider();
    await OpenFeature.setProviderAndWait(name, tightrope);
    const client = OpenFeature.getClient(name);
    client.track('support-bot', { targetingKey: 'user-42' }, { status: 'SUCCESS', latencyMs: 812, taskCompleted: true, costUsd: 0.002 });
    client.track('support-bot', { targetingKey: 'user-42' }, { latencyMs: 5 }); // no status: logged, not sent
    client.track('billing-bot', { targetingKey: 'user-42' }, { status: 'SUCCESS', latencyMs: 5 }); // not an agent of it
    await tightrope.client('support-bot')?.outcomes.flush(5_000);
    const lines = server.outcomePosts.flatMap((post) => post.lines);
    assert.equal(lines.length, 1);
    const line = lines[0] ?? {};
    assert.deepEqual([line['version'], line['arm'], line['generation'], line['routingKey'], line['status'],
      line['latencyMs'], line['taskCompleted'], line['costUsd']], [2, 'CANARY', 3, 'user-42', 'SUCCESS', 812, true, 0.002]);
  });
});
