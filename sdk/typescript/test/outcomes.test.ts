import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { Backoff } from '../src/backoff.js';
import { OutcomeReporter, type OutcomeReporterOptions } from '../src/outcomes.js';
import { Transport, type OutcomesAnswer } from '../src/transport.js';
import { FakeTightrope, TOKEN } from './fake-server.js';
import { eventually } from './support.js';

const fastBackoff = (): Backoff => new Backoff({ initialMs: 10, maximumMs: 40 });

describe('OutcomeReporter against the fake server', () => {
  let server: FakeTightrope;
  let reporter: OutcomeReporter;
  const errors: Error[] = [];

  beforeEach(async () => {
    server = await FakeTightrope.start();
    errors.length = 0;
  });
  afterEach(async () => {
    await reporter.close(2_000);
    await server.close();
  });

  function start(options: OutcomeReporterOptions = {}): OutcomeReporter {
    const transport = new Transport(server.url, TOKEN, 'support-bot', 'production', 2_000);
    reporter = new OutcomeReporter((body, id, signal) => transport.postOutcomes(body, id, signal), {
      backoff: fastBackoff(), flushIntervalMs: 50, onError: (e) => errors.push(e), ...options,
    });
    return reporter;
  }

  it('sends a full batch at once and the rest after the flush interval', async () => {
    start({ batchSize: 3, flushIntervalMs: 300 });
    for (let i = 0; i < 4; i++) {
      assert.equal(reporter.report({ n: i }), true);
    }
    await eventually(() => server.outcomePosts.length === 1, 2_000, 'the full batch');
    assert.deepEqual(server.outcomePosts[0]?.lines, [{ n: 0 }, { n: 1 }, { n: 2 }]);
    await eventually(() => server.outcomePosts.length === 2, 2_000, 'the rest after the interval');
    assert.deepEqual(server.outcomePosts[1]?.lines, [{ n: 3 }]);
    await eventually(() => reporter.sent === 4, 2_000, 'both answers counted');
  });

  it('retries 429 and 503 with the same batchId, honouring Retry-After, and counts once', async () => {
    server.outcomeRefusals = [{ status: 429, retryAfter: '0.2' }, { status: 503, retryAfter: '0' }];
    start();
    const started = performance.now();
    reporter.report({ n: 1 });
    reporter.report({ n: 2 });
    assert.equal(await reporter.flush(5_000), true);
    assert.ok(performance.now() - started >= 190, 'waited as Retry-After said');
    assert.equal(server.outcomePosts.length, 3);
    assert.equal(new Set(server.outcomePosts.map((p) => p.batchId)).size, 1, 'one batchId for every attempt');
    assert.deepEqual([reporter.sent, reporter.retries, reporter.failed], [2, 2, 0]);
  });

  it('does not retry a batch the server refuses for its content, and counts rejected lines', async () => {
    server.outcomeRefusals = [{ status: 400 }];
    start();
    reporter.report({ n: 1 });
    await reporter.flush(5_000);
    assert.deepEqual([server.outcomePosts.length, reporter.failed, reporter.retries], [1, 1, 0]);
    assert.match(errors[0]?.message ?? '', /HTTP 400/);
    reporter.report({ latencyMs: -1 });
    reporter.report({ latencyMs: 5 });
    await reporter.flush(5_000);
    assert.deepEqual([reporter.sent, reporter.rejected], [1, 1]);
  });

  it('gives up after maxAttempts while the server is away, and never blocks or throws', async () => {
    start({ maxAttempts: 3 });
    await server.close();
    const started = performance.now();
    for (let i = 0; i < 1_000; i++) {
      reporter.report({ n: i });
    }
    assert.ok(performance.now() - started < 200, 'report() returns at once');
    await eventually(() => reporter.failed === 1_000 - (reporter.pending()), 5_000, 'the batches given up');
    await reporter.flush(5_000);
    assert.equal(reporter.failed, 1_000);
    await server.restart();
  });

  it('drops and counts beyond the queue size, and after close', async () => {
    start({ queueSize: 5, flushIntervalMs: 10_000 });
    const results = Array.from({ length: 8 }, (_, i) => reporter.report({ n: i }));
    assert.deepEqual(results, [true, true, true, true, true, false, false, false]);
    assert.equal(reporter.dropped, 3);
    assert.equal(await reporter.close(2_000), true, 'close flushes');
    assert.equal(server.outcomePosts[0]?.lines.length, 5);
    assert.equal(reporter.report({ late: true }), false);
    assert.equal(reporter.dropped, 4);
  });

  it('cuts batches by size too', async () => {
    start({ batchSize: 100, maxBatchBytes: 100 });
    for (let i = 0; i < 30; i++) {
      reporter.report({ n: i, padding: 'x'.repeat(20) });
    }
    assert.equal(await reporter.flush(5_000), true);
    assert.equal(reporter.sent, 30);
    assert.ok(server.outcomePosts.length >= 10, `${server.outcomePosts.length} posts`);
    assert.deepEqual(server.outcomePosts.flatMap((p) => p.lines.map((l) => l['n'])), Array.from({ length: 30 }, (_, i) => i));
    assert.deepEqual(server.tooLarge, []);
  });

  it('splits a batch refused as too large (413), and gives up an outcome too large alone', async () => {
    server.maxOutcomeBytes = 300;
    start({ batchSize: 50, flushIntervalMs: 10_000 });
    for (let i = 0; i < 10; i++) {
      reporter.report({ n: i });
    }
    reporter.report({ n: 99, toolCalls: Array.from({ length: 30 }, (_, i) => ({ tool: `t${i}`, status: 'SUCCESS', latencyMs: 1 })) });
    assert.equal(await reporter.flush(5_000), true);
    assert.deepEqual([reporter.sent, reporter.failed], [10, 1]);
    assert.ok(server.tooLarge.length >= 2, 'the whole batch and the big one alone were refused');
    assert.deepEqual(server.outcomePosts.flatMap((p) => p.lines.map((l) => l['n'])).sort((a, b) => Number(a) - Number(b)),
      Array.from({ length: 10 }, (_, i) => i));
    assert.match(errors.map((e) => e.message).join('\n'), /HTTP 413/);
  });

  it('gives up an outcome that cannot be serialized alone, tells once, and keeps going', async () => {
    start({ batchSize: 10, flushIntervalMs: 10_000 });
    const circular: Record<string, unknown> = { n: 'loop' };
    circular['self'] = circular;
    reporter.report({ n: 'big', inputTokens: 10n });
    reporter.report(circular);
    reporter.report({ toJSON: () => { throw new Error('nope'); } });
    for (let i = 0; i < 7; i++) {
      reporter.report({ n: i });
    }
    assert.equal(await reporter.flush(5_000), true);
    assert.deepEqual([reporter.sent, reporter.failed], [7, 3]);
    assert.equal(errors.filter((e) => /gave up an outcome/.test(e.message)).length, 1, 'told once');
    reporter.report({ n: 'later' });
    assert.equal(await reporter.flush(5_000), true);
    assert.equal(reporter.sent, 8, 'the loop is alive');
  });

  it('a sink that throws something unexpected, or an error listener that throws, does not stop the loop', async () => {
    let calls = 0;
    reporter = new OutcomeReporter(async () => {
      calls++;
      if (calls === 1) {
        throw new Error('boom');
      }
      return { accepted: 1, rejected: [], deduplicated: false };
    }, { flushIntervalMs: 10, maxAttempts: 1, onError: () => { throw new Error('a listener bug'); } });
    reporter.report({ a: 1 });
    assert.equal(await reporter.flush(2_000), true);
    reporter.report({ a: 2 });
    assert.equal(await reporter.flush(2_000), true);
    assert.deepEqual([reporter.sent, reporter.failed], [1, 1]);
  });

  it('refuses settings that cannot work', () => {
    assert.throws(() => start({ queueSize: 0 }), RangeError);
    assert.throws(() => start({ batchSize: 10_001 }), RangeError);
    assert.throws(() => start({ maxBatchBytes: 0 }), RangeError);
    reporter = new OutcomeReporter(async () => ({ accepted: 0, rejected: [], deduplicated: false }));
  });
});

describe('OutcomeReporter with a fake sink', () => {
  it('a deduplicated answer counts the whole batch as sent (it was counted before)', async () => {
    const answers: OutcomesAnswer[] = [{ accepted: 0, rejected: [], deduplicated: true }];
    const reporter = new OutcomeReporter(async () => answers[0] as OutcomesAnswer, { flushIntervalMs: 10 });
    reporter.report({ a: 1 });
    reporter.report({ a: 2 });
    assert.equal(await reporter.close(1_000), true);
    assert.equal(reporter.sent, 2);
  });

  it('close() gives up what it could not send in time, and counts it', async () => {
    const reporter = new OutcomeReporter(async () => {
      throw new Error('network down');
    }, { flushIntervalMs: 10, backoff: new Backoff({ initialMs: 1_000, maximumMs: 1_000 }) });
    reporter.report({ a: 1 });
    assert.equal(await reporter.close(100), false);
    assert.equal(reporter.failed, 1);
  });
});
