import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { Backoff, Client, NotReadyError, Tightrope, type ClientOptions, type RoutingConfig } from '../src/index.js';
import { config, FakeTightrope, TOKEN } from './fake-server.js';
import { eventually, silent } from './support.js';

const fast = (): Partial<ClientOptions> => ({
  runtimeId: 'pod-1', backoff: new Backoff({ initialMs: 10, maximumMs: 50 }), pollIntervalMs: 50,
  outcomeFlushIntervalMs: 50, logger: silent, waitForConfigMs: 5_000,
});

describe('Client', () => {
  let server: FakeTightrope;
  const clients: Client[] = [];

  beforeEach(async () => {
    server = await FakeTightrope.start();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close(2_000)));
    await server.close();
  });

  async function connect(options: Partial<ClientOptions> = {}): Promise<Client> {
    const client = await Tightrope.connect({ url: server.url, token: TOKEN, agent: 'support-bot', ...fast(), ...options });
    clients.push(client);
    return client;
  }

  it('starts with the current configuration, routes locally and acknowledges', async () => {
    server.current = config(3, 100, 'salt-1', 2);
    const client = await connect();
    assert.equal(client.generation, 3);
    const decision = client.route('user-42');
    assert.deepEqual([decision.arm, decision.version, decision.generation, decision.rolloutId, decision.routingKey],
      ['CANARY', 2, 3, '7', 'user-42']);
    assert.deepEqual(decision.prompt, { system: 'prompt v2' });
    await eventually(() => server.acks.length === 1, 5_000, 'an acknowledgement');
    assert.deepEqual(server.acks, [{ generation: 3, runtimeId: 'pod-1' }]);
    assert.equal(server.streamRequests[0]?.url, '/api/v1/agents/support-bot/environments/production/config/stream?runtimeId=pod-1');
    assert.equal(server.streamRequests[0]?.lastEventId, undefined);
    assert.ok((client.staleness() ?? 99) < 5);
    assert.equal(client.mode, 'stream');
    assert.ok(Object.isFrozen(client.config()?.stable.prompt), 'decisions share a frozen configuration');
  });

  it('follows every change, emits configChanged, and resumes with Last-Event-ID', async () => {
    const client = await connect();
    const changes: number[] = [];
    client.on('configChanged', (c: RoutingConfig) => changes.push(c.generation));
    server.publish(config(2, 5, 'salt-1', 2));
    await eventually(() => client.generation === 2);
    assert.equal(client.route('user-42').arm, 'STABLE'); // bucket 6180 >= 500
    server.publish(config(3, 62, 'salt-1', 2));
    await eventually(() => client.route('user-42').arm === 'CANARY'); // bucket 6180 < 6200
    server.dropStreams();
    await eventually(() => server.streamRequests.length === 2, 5_000, 'a reconnect');
    assert.equal(server.streamRequests[1]?.lastEventId, '3');
    server.publish(config(4));
    await eventually(() => client.generation === 4);
    await eventually(() => client.acknowledgedGeneration === 4, 5_000, 'generation 4 acknowledged');
    assert.deepEqual(changes, [2, 3, 4]);
    assert.ok(client.reconnects >= 1);
  });

  it('keeps the staleness low with heartbeats and emits stale when they stop', async () => {
    const client = await connect({ staleAfterMs: 200 });
    const stale: number[] = [];
    client.on('stale', (seconds) => stale.push(seconds));
    await eventually(() => stale.length === 1, 5_000, 'a stale event');
    assert.ok((stale[0] ?? 0) >= 0.2);
    server.sendHeartbeat();
    await eventually(() => (client.staleness() ?? 99) < 0.15, 5_000, 'the heartbeat confirms');
  });

  it('counts a silent stream as lost and reopens it', async () => {
    const client = await connect({ streamReadTimeoutMs: 150 });
    await eventually(() => server.streamRequests.length >= 2, 5_000, 'a reconnect after the silence');
    assert.equal(server.streamRequests[1]?.lastEventId, '1');
    assert.equal(client.mode, 'stream');
  });

  it('falls back to polling with If-None-Match when the stream keeps failing, and goes back to the stream', async () => {
    server.streamRefusals = 1_000;
    const errors: Error[] = [];
    const client = new Client({ url: server.url, token: TOKEN, agent: 'support-bot', ...fast(),
      streamFailuresBeforePolling: 3, streamRetryIntervalMs: 400 });
    clients.push(client);
    client.on('error', (error) => errors.push(error));
    await client.ready(5_000);
    assert.equal(client.mode, 'poll');
    assert.ok(server.streamRequests.length >= 3);
    assert.ok(errors.some((e) => /UNAVAILABLE \(HTTP 503\)/.test(e.message)), 'the refusals are told');
    await eventually(() => server.configRequests.includes('"1"'), 5_000, 'a poll with If-None-Match');
    server.current = config(5);
    await eventually(() => client.generation === 5);
    await eventually(() => server.acks.some((a) => a.generation === 5));
    server.streamRefusals = 0;
    await eventually(() => client.mode === 'stream' && server.openStreams === 1, 5_000, 'back on the stream');
    assert.equal(server.streamRequests.at(-1)?.lastEventId, '5');
  });

  it('while polling keeps trying the stream with the backoff, not only after streamRetryIntervalMs', async () => {
    server.streamRefusals = 5;
    const client = new Client({ url: server.url, token: TOKEN, agent: 'support-bot', ...fast(),
      pollIntervalMs: 60_000, streamFailuresBeforePolling: 3 }); // the default streamRetryIntervalMs
    clients.push(client);
    await client.ready(5_000);
    await eventually(() => client.mode === 'stream' && server.openStreams === 1, 5_000, 'back on the stream');
    assert.equal(server.streamRequests.length, 6);
    server.publish(config(7));
    await eventually(() => client.generation === 7, 2_000, 'the change over the stream');
  });

  it('timeoutMs bounds opening the stream until its headers', async () => {
    server.streamHangs = 1;
    const errors: Error[] = [];
    const client = new Client({ url: server.url, token: TOKEN, agent: 'support-bot', ...fast(),
      timeoutMs: 200, streamReadTimeoutMs: 60_000 });
    clients.push(client);
    client.on('error', (error) => errors.push(error));
    await eventually(() => server.streamRequests.length === 2 && server.openStreams === 1, 5_000, 'a second stream');
    assert.match(errors[0]?.message ?? '', /opening the configuration stream failed: no answer within 200 ms/);
  });

  it('serves the last configuration while the server is away, and catches up when it is back', async () => {
    server.current = config(2, 100, 'salt-1', 2);
    const client = await connect({ streamFailuresBeforePolling: 1000 });
    await server.close();
    for (let i = 0; i < 100; i++) {
      assert.equal(client.route(`someone-${i}`).version, 2);
    }
    const reconnects = client.reconnects;
    await eventually(() => client.reconnects >= reconnects + 2, 5_000, 'reconnect attempts');
    assert.ok((client.staleness() ?? -1) > 0);
    server.current = config(3);
    await server.restart();
    await eventually(() => client.generation === 3, 5_000, 'catching up after the restart');
    assert.equal(client.route('someone').version, 1);
    assert.equal(server.streamRequests.at(-1)?.lastEventId, '2');
  });

  it('writes the file cache atomically and serves from it at start while the server is away', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tightrope-cache-'));
    const path = join(folder, 'nested', 'support-bot.json');
    server.current = config(6, 100, 'salt-1', 2);
    const first = await connect({ cacheFile: path });
    await first.close();
    assert.equal((JSON.parse(readFileSync(path, 'utf8')) as { generation: number }).generation, 6);
    await server.close();
    const offline = await connect({ cacheFile: path, waitForConfigMs: 100 });
    assert.equal(offline.generation, 6);
    assert.equal(offline.route('user-42').version, 2);
    assert.equal(offline.staleness(), null, 'never confirmed by a server');
    await server.restart(); // for afterEach
  });

  it('ignores a broken or foreign cache file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tightrope-cache-'));
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{"generation": ');
    const foreign = join(folder, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ ...config(9), agent: 'other-bot' }));
    await server.close();
    const warnings: string[] = [];
    for (const path of [broken, foreign]) {
      const client = await connect({ cacheFile: path, waitForConfigMs: 50, logger: { warn: (m) => warnings.push(m) } });
      assert.equal(client.generation, null, path);
    }
    assert.ok(warnings.some((m) => m.includes(`ignored the cache file ${broken}`)), warnings.join('\n'));
    assert.ok(warnings.some((m) => m.includes(`ignored the cache file ${foreign}: it holds other-bot/production`)));
    assert.ok(existsSync(broken));
    await server.restart();
  });

  it('says so when no configuration is known at all', async () => {
    server.current = null;
    const client = await connect({ waitForConfigMs: 50 });
    assert.throws(() => client.route('k'), NotReadyError);
    await assert.rejects(client.ready(50), /no routing configuration of support-bot\/production within 50 ms/);
  });

  it('throws clear errors for bad options, and only for those', () => {
    const ok = { url: server.url, token: TOKEN, agent: 'support-bot', start: false };
    assert.throws(() => new Client({ ...ok, url: '' }), /url is required/);
    assert.throws(() => new Client({ ...ok, url: 'ftp://x' }), /http:\/\/ or https:\/\//);
    assert.throws(() => new Client({ ...ok, url: 'not a url' }), TypeError);
    assert.throws(() => new Client({ ...ok, token: '' }), /token is required/);
    assert.throws(() => new Client({ ...ok, agent: 'Support_Bot' }), /agent must be a slug/);
    assert.throws(() => new Client({ ...ok, environment: 'x' }), /environment must be a slug/);
    assert.throws(() => new Client({ ...ok, timeoutMs: 0 }), RangeError);
    assert.throws(() => new Client({ ...ok, outcomeBatchSize: 20_000 }), RangeError);
    assert.throws(() => new Client(undefined as unknown as ClientOptions), /pass the options/);
  });

  it('reports outcomes of decisions with the decision fields', async () => {
    server.current = config(2, 100, 'salt-1', 2);
    const client = await connect();
    const decision = client.route('user-42');
    assert.equal(client.report({ decision, status: 'SUCCESS', latencyMs: 1200, taskCompleted: true, costUsd: 0.004,
      toolCalls: [{ tool: 'lookup_order', status: 'SUCCESS', latencyMs: 20 }] }), true);
    assert.equal(await client.outcomes.flush(5_000), true);
    const line = server.outcomePosts[0]?.lines[0] ?? {};
    assert.deepEqual([line['agent'], line['environment'], line['version'], line['arm'], line['generation'],
      line['rolloutId'], line['routingKey'], line['status'], line['latencyMs'], line['taskCompleted']],
    ['support-bot', 'production', 2, 'CANARY', 2, '7', 'user-42', 'SUCCESS', 1200, true]);
    assert.match(String(line['occurredAt']), /Z$/);
    assert.equal('evalScore' in line, false);
    client.report({ decision: client.route('k'.repeat(300)), status: 'ERROR', latencyMs: 5 });
    await client.outcomes.flush(5_000);
    assert.equal('routingKey' in (server.outcomePosts.at(-1)?.lines.at(-1) ?? {}), false);
    assert.throws(() => client.report({ decision, status: 'OK' as 'SUCCESS', latencyMs: 1 }), /'SUCCESS' or 'ERROR'/);
    assert.throws(() => client.report({ decision, status: 'ERROR', latencyMs: Number.NaN }), /latencyMs/);
  });

  it('refuses fields of the wrong type at report(), so nothing unserializable reaches the reporter', async () => {
    const client = await connect();
    const decision = client.route('user-42');
    const circular: unknown[] = [];
    circular.push(circular);
    const wrong: Array<Record<string, unknown>> = [
      { inputTokens: 10n }, { outputTokens: 1.5 }, { costUsd: '0.1' }, { costUsd: Infinity }, { evalScore: 10n },
      { taskCompleted: 'yes' }, { toolCalls: circular }, { toolCalls: { tool: 't' } },
      { toolCalls: [{ tool: 't', status: 'SUCCESS', latencyMs: 1n }] }, { toolCalls: [{ tool: 1, status: 'SUCCESS', latencyMs: 1 }] },
      { occurredAt: '2026-01-01' }, { occurredAt: new Date(Number.NaN) }, { latencyMs: 10n },
    ];
    for (const change of wrong) {
      assert.throws(() => client.report({ decision, status: 'SUCCESS', latencyMs: 1, ...change } as never), TypeError,
        Object.keys(change).join());
    }
    assert.equal(client.outcomes.pending(), 0);
    const tool = { tool: 't', status: 'ERROR' as const, latencyMs: 3, extra: { toJSON: () => { throw new Error('x'); } } };
    assert.equal(client.report({ decision, status: 'SUCCESS', latencyMs: 1, toolCalls: [tool] }), true);
    assert.equal(await client.outcomes.flush(5_000), true);
    assert.deepEqual(server.outcomePosts.at(-1)?.lines[0]?.['toolCalls'], [{ tool: 't', status: 'ERROR', latencyMs: 3 }]);
  });

  it('leaves routing keys the server refuses (U+0000, an unpaired surrogate) out of the line, not the outcome', async () => {
    const client = await connect();
    for (const key of ['nul\u0000key', 'a\uD800', '\uDC00b', 'pair \uD83D\uDE00']) {
      client.report({ decision: client.route(key), status: 'SUCCESS', latencyMs: 1 });
    }
    assert.equal(await client.outcomes.flush(5_000), true);
    const lines = server.outcomePosts.flatMap((p) => p.lines);
    assert.deepEqual(lines.map((l) => l['routingKey'] ?? null), [null, null, null, 'pair \uD83D\uDE00']);
    assert.deepEqual([client.outcomes.sent, client.outcomes.failed], [4, 0]);
  });

  it('retries a failed acknowledgement', async () => {
    server.ackRefusals = 2;
    const client = await connect();
    await eventually(() => client.acknowledgedGeneration === 1, 5_000, 'acknowledged after two refusals');
    assert.deepEqual(server.acks, [{ generation: 1, runtimeId: 'pod-1' }]);
  });

  it('close() ends the stream', async () => {
    const client = await connect();
    await eventually(() => server.openStreams === 1);
    await client.close();
    await eventually(() => server.openStreams === 0, 5_000, 'the stream closed');
    assert.equal(await client.close(), true, 'close twice is fine');
  });
});
