/**
 * Sticky bucketing, exactly as the Tightrope server computes it.
 *
 * A routing key is hashed with the rollout's salt into one of 10 000 buckets; the first `weight * 100` buckets go
 * to the canary:
 *
 *     bucket = uint64_big_endian(first 8 bytes of SHA-256(UTF-8(salt + ":" + routingKey))) mod 10000
 *     arm    = CANARY if bucket < weight * 100 else STABLE
 *
 * Worked example: `bucket("salt-1", "user-42")` hashes `salt-1:user-42`; the digest starts `01c6e86e43ec5524`,
 * which is 128 045 199 710 246 180, and that mod 10 000 is 6180. At 5 % (threshold 500) the key is STABLE; at 62 %
 * (threshold 6200) it is CANARY. The shared vectors in `sdk/test-vectors/bucketing.json` hold this module to the
 * server's own numbers.
 *
 * The 64-bit number is never built (a BigInt would cost more than the hash): with `hi` and `lo` its two unsigned
 * 32-bit halves, `n mod 10000 = ((hi mod 10000) * (2^32 mod 10000) + lo) mod 10000`, and `2^32 mod 10000 = 7296`.
 * Every intermediate stays below 2^53, so plain numbers are exact. For the example: `hi = 0x01c6e86e = 29812846`,
 * `lo = 0x43ec5524 = 1139561764`; `(2846 * 7296 + 1139561764) mod 10000 = 1160326180 mod 10000 = 6180`.
 */
import * as crypto from 'node:crypto';

export const BUCKETS = 10_000;
export type Arm = 'STABLE' | 'CANARY';
export const STABLE: Arm = 'STABLE';
export const CANARY: Arm = 'CANARY';

const TWO_POW_32_MOD_BUCKETS = 7296; // 4 294 967 296 mod 10 000

type Digest = (input: string) => Buffer;

/** `crypto.hash` (Node 20.12+, one call) where it exists, else `createHash` (Node 18). */
const sha256: Digest = typeof (crypto as { hash?: unknown }).hash === 'function'
  ? (input) => (crypto as unknown as { hash(alg: string, data: string, enc: 'buffer'): Buffer }).hash('sha256', input, 'buffer')
  : (input) => crypto.createHash('sha256').update(input, 'utf8').digest();

/** The bucket (0..9999) of `routingKey` under `salt`; both must be non-empty strings. */
export function bucket(salt: string, routingKey: string): number {
  if (typeof salt !== 'string' || salt.length === 0) {
    throw new TypeError('a rollout salt is required (a non-empty string)');
  }
  if (typeof routingKey !== 'string' || routingKey.length === 0) {
    throw new TypeError('a routing key is required for sticky bucketing (a non-empty string)');
  }
  const digest = sha256(salt + ':' + routingKey);
  const hi = digest.readUInt32BE(0);
  const lo = digest.readUInt32BE(4);
  return ((hi % BUCKETS) * TWO_POW_32_MOD_BUCKETS + lo) % BUCKETS;
}

/** Buckets, counted from 0, that go to the canary at `weight` percent (a whole number 0..100). */
export function threshold(weight: number): number {
  if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
    throw new RangeError(`weight must be a whole number from 0 to 100, was ${String(weight)}`);
  }
  return weight * (BUCKETS / 100);
}

/** CANARY when the key's bucket is below the weight's threshold, else STABLE. */
export function stickyArm(salt: string, routingKey: string, weight: number): Arm {
  return bucket(salt, routingKey) < threshold(weight) ? CANARY : STABLE;
}

/**
 * The arm of one request, as the server's route() decides it. No canary (or weight 0): STABLE. A routing key:
 * sticky. No key (`undefined`, `null` or `""`): random by weight on the same 10 000-bucket scale, so 0 % never and
 * 100 % always picks the canary. `random` returns a number in [0, 1), like `Math.random`.
 */
export function arm(salt: string | null, weight: number, hasCanary: boolean, routingKey: string | null | undefined,
  random: () => number = Math.random): Arm {
  if (!hasCanary || weight === 0) {
    return STABLE;
  }
  if (routingKey === undefined || routingKey === null || routingKey === '') {
    return Math.floor(random() * BUCKETS) < threshold(weight) ? CANARY : STABLE;
  }
  if (salt === null) {
    throw new TypeError('a configuration with a canary needs a salt');
  }
  return stickyArm(salt, routingKey, weight);
}
