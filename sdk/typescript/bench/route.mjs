// Local route() latency: how long one routing decision takes from the client's cache (no network).
//   npm run bench                          build, then 1e6 measured calls after 2e5 of warm-up
//   node bench/route.mjs --calls 2000000 --warmup 500000
// A client is made without a server (start: false) and reads a configuration with a 25 % canary from its file
// cache; each call routes a different key (a million distinct keys), so nothing is cached by key. Each call
// is timed alone with process.hrtime.bigint(), whose own cost (measured and printed) is included in the figures.
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from '../dist/index.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '1000000' }, warmup: { type: 'string', default: '200000' } } });
const calls = Number(values.calls);
const warmup = Number(values.warmup);

const version = (n) => ({ version: n, snapshotHash: `h${n}`, prompt: { system: `You are v${n}.` }, model: { provider: 'openai', modelId: 'gpt-4o' },
  tools: { tools: [{ name: 'lookup_order' }] }, guardrails: {}, knowledgeBase: { indexId: 'kb' } });
const folder = mkdtempSync(join(tmpdir(), 'tightrope-bench-'));
const cacheFile = join(folder, 'config.json');
writeFileSync(cacheFile, JSON.stringify({ agent: 'support-bot', environment: 'production', generation: 7, weight: 25,
  salt: '9f86d081884c7d65', rolloutId: '12', stable: version(13), canary: version(14) }));
const client = new Client({ url: 'http://127.0.0.1:9', token: 'tr_bench', agent: 'support-bot', cacheFile, start: false, logger: null });

const keys = Array.from({ length: Math.min(calls, 1_000_000) }, (_, i) => `customer-${i}`);
let sink = 0;
for (let i = 0; i < warmup; i++) {
  sink += client.route(keys[i % keys.length]).version;
}

const overhead = new BigUint64Array(100_000);
for (let i = 0; i < overhead.length; i++) {
  const t0 = process.hrtime.bigint();
  overhead[i] = process.hrtime.bigint() - t0;
}
const samples = new BigUint64Array(calls);
let canary = 0;
const started = process.hrtime.bigint();
for (let i = 0; i < calls; i++) {
  const key = keys[i % keys.length];
  const t0 = process.hrtime.bigint();
  const decision = client.route(key);
  samples[i] = process.hrtime.bigint() - t0;
  canary += decision.arm === 'CANARY' ? 1 : 0;
}
const wallNs = Number(process.hrtime.bigint() - started);
samples.sort();
overhead.sort();
const at = (array, q) => Number(array[Math.min(array.length - 1, Math.floor(q * array.length))]) / 1000;
console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${calls} calls after ${warmup} of warm-up`);
console.log(`route() µs: p50 ${at(samples, 0.5).toFixed(2)}  p90 ${at(samples, 0.9).toFixed(2)}  p99 ${at(samples, 0.99).toFixed(2)}  `
  + `p99.9 ${at(samples, 0.999).toFixed(2)}  max ${at(samples, 1).toFixed(1)}`);
console.log(`timer overhead µs: p50 ${at(overhead, 0.5).toFixed(2)}  p99 ${at(overhead, 0.99).toFixed(2)}`);
console.log(`throughput (timed loop): ${(calls / (wallNs / 1e9) / 1e6).toFixed(2)} M calls/s; canary share ${(100 * canary / calls).toFixed(2)} % (weight 25)`);
if (sink === 0) {
  console.log('');
}
await client.close(100);
rmSync(folder, { recursive: true, force: true });
