import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Backoff, retryAfterMs } from '../src/backoff.js';

describe('Backoff', () => {
  it('doubles up to the maximum, with equal jitter', () => {
    const low = new Backoff({ random: () => 0 });
    const high = new Backoff({ random: () => 0.999999 });
    assert.deepEqual([0, 1, 2, 5, 6, 100].map((n) => low.delayMs(n)), [250, 500, 1000, 8000, 15000, 15000]);
    assert.ok(Math.abs(high.delayMs(0) - 500) < 0.01);
    assert.equal(high.ceilingMs(10), 30_000);
  });

  it('refuses settings that cannot work', () => {
    assert.throws(() => new Backoff({ initialMs: 0 }), RangeError);
    assert.throws(() => new Backoff({ initialMs: 10, maximumMs: 5 }), RangeError);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, caps them, and falls back', () => {
    assert.equal(retryAfterMs('1', 7), 1000);
    assert.equal(retryAfterMs(' 2.5 ', 7), 2500);
    assert.equal(retryAfterMs(null, 7), 7);
    assert.equal(retryAfterMs('soon', 7), 7);
    assert.equal(retryAfterMs('-1', 7), 7);
    assert.equal(retryAfterMs('100000', 7), 300_000);
    const now = Date.parse('2026-12-01T10:00:00Z');
    assert.equal(retryAfterMs('Tue, 01 Dec 2026 10:00:03 GMT', 7, now), 3000);
  });
});
