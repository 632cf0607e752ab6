import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentileSorted, summarize, correlation } from '../src/stats.mjs';

test('nearest-rank percentiles', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
  assert.equal(percentileSorted(sorted, 0.5), 50);
  assert.equal(percentileSorted(sorted, 0.99), 99);
  assert.equal(percentileSorted(sorted, 0.991), 100);
  assert.equal(percentileSorted(sorted, 1), 100);
  assert.equal(percentileSorted(sorted, 0), 1);
  assert.equal(percentileSorted(Float64Array.of(7), 0.99), 7);
  assert.ok(Number.isNaN(percentileSorted(new Float64Array(0), 0.5)));
});

test('p99 of 50 samples is the maximum; of 1 000 it is the 990th', () => {
  const fifty = Array.from({ length: 50 }, (_, i) => 50 - i);
  assert.equal(summarize(fifty).p99, 50);
  const thousand = Array.from({ length: 1000 }, (_, i) => i + 1);
  assert.equal(summarize(thousand).p99, 990);
  assert.equal(summarize(thousand).p50, 500);
});

test('summaries sort numerically and skip missing values', () => {
  const s = summarize([10, 9, 100, NaN, 2]);
  assert.equal(s.n, 4);
  assert.equal(s.missing, 1);
  assert.equal(s.p50, 9);
  assert.equal(s.max, 100);
  assert.equal(s.mean, 30.25);
});

test('correlation', () => {
  assert.equal(correlation([1, 2, 3], [2, 4, 6]).toFixed(6), '1.000000');
  assert.equal(correlation([1, 2, 3], [3, 2, 1]).toFixed(6), '-1.000000');
  assert.ok(Number.isNaN(correlation([1, 1, 1], [1, 2, 3])));
});
