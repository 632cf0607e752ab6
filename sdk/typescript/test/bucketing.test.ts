import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { arm, bucket, stickyArm, threshold } from '../src/bucketing.js';
import { parseConfig, route } from '../src/config.js';
import { VECTORS } from './support.js';

interface Vector { salt: string; routingKey: string; weight: number; bucket: number; arm: string }
const vectors = JSON.parse(readFileSync(VECTORS, 'utf8')) as { buckets: number; cases: Vector[] };

/** The rule written the slow, obvious way (BigInt), to check the fast one against. */
function reference(salt: string, key: string): number {
  const digest = createHash('sha256').update(salt + ':' + key, 'utf8').digest();
  return Number(digest.readBigUInt64BE(0) % 10000n);
}

describe('bucketing', () => {
  it('reproduces every bucket and arm of the shared vectors', () => {
    assert.equal(vectors.buckets, 10_000);
    assert.ok(vectors.cases.length >= 1016, `only ${vectors.cases.length} cases`);
    const wrong = vectors.cases.filter((c) => bucket(c.salt, c.routingKey) !== c.bucket
      || stickyArm(c.salt, c.routingKey, c.weight) !== c.arm
      || arm(c.salt, c.weight, true, c.routingKey) !== (c.weight === 0 ? 'STABLE' : c.arm));
    assert.deepEqual(wrong, []);
  });

  it('has the worked example of docs/runtime-api.md, including a digest with its top bit set', () => {
    assert.equal(bucket('salt-1', 'user-42'), 6180);
    assert.equal(stickyArm('salt-1', 'user-42', 5), 'STABLE');
    assert.equal(stickyArm('salt-1', 'user-42', 62), 'CANARY');
    assert.equal(bucket('salt-2', 'user-42'), 8693); // 0x89… : read unsigned, not -2923
  });

  it('buckets an unpaired surrogate as U+FFFD, with the same numbers as the Python and Java SDKs', () => {
    assert.equal(bucket('salt-1', 'a\uD800'), bucket('salt-1', 'a\uFFFD'));
    assert.equal(bucket('salt-1', 'a\uD800'), 4944);
    assert.equal(bucket('salt-1', 'a\uD800b\uD83D\uDE00\uDC00'), 2754); // a pair is its character
  });

  it('splits the 64-bit number exactly as a BigInt would, for many keys', () => {
    for (let i = 0; i < 5_000; i++) {
      const salt = `s${i % 7}-${(i * 2654435761) % 1000}`;
      const key = `key-${i}-${'é'.repeat(i % 5)}🚀`;
      assert.equal(bucket(salt, key), reference(salt, key), `${salt} ${key}`);
    }
  });

  it('routes by weight without a key, 0 % never and 100 % always to the canary', () => {
    assert.equal(arm('s', 0, true, 'k'), 'STABLE');
    assert.equal(arm('s', 50, false, 'k'), 'STABLE');
    assert.equal(arm('s', 100, true, null, () => 0.99999), 'CANARY');
    assert.equal(arm('s', 1, true, '', () => 0.0099), 'CANARY'); // draw 99 < 100
    assert.equal(arm('s', 1, true, undefined, () => 0.01), 'STABLE'); // draw 100
    let canary = 0;
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 10_000; i++) {
      canary += arm('s', 25, true, null, random) === 'CANARY' ? 1 : 0;
    }
    assert.ok(canary > 2_300 && canary < 2_700, `${canary} of 10 000 at 25 %`);
  });

  it('refuses what the rule does not define, with clear errors', () => {
    assert.throws(() => bucket('', 'k'), /salt is required/);
    assert.throws(() => bucket('s', ''), /routing key is required/);
    assert.throws(() => threshold(101), /weight must be a whole number from 0 to 100, was 101/);
    assert.throws(() => threshold(2.5), /was 2.5/);
    assert.equal(threshold(5), 500);
  });
});

describe('circuit breakers in the cached configuration', () => {
  const config = (toolGates: unknown) => parseConfig({
    agent: 'a', environment: 'e', generation: 3, weight: 0, salt: null, rolloutId: null,
    stable: { version: 1 }, canary: null, toolGates,
  });

  it('an open breaker disables the tool for every key', () => {
    const open = config({ search: { state: 'OPEN', share: 0 } });
    for (const key of ['customer-1', 'customer-2', null]) {
      assert.deepEqual(route(open, key).disabledTools, ['search']);
    }
  });

  it('a half-open breaker lets the keys of its share in, sticky by bucket', () => {
    const halfOpen = config({ search: { state: 'HALF_OPEN', share: 10 } });
    const keys = Array.from({ length: 1000 }, (_, i) => `customer-${i}`);
    const admitted = keys.filter((key) => route(halfOpen, key).disabledTools.length === 0);
    assert.ok(admitted.every((key) => bucket('tool:search', key) < 1000));
    assert.ok(admitted.length > 50 && admitted.length < 150, `${admitted.length}`);
    assert.deepEqual(route(halfOpen, null).disabledTools, ['search']);
  });

  it('no gates, no disabled tools', () => {
    assert.deepEqual(route(config({}), 'k').disabledTools, []);
    assert.deepEqual(route(config(undefined), 'k').disabledTools, []);
  });
});
