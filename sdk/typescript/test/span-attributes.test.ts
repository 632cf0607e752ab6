import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseConfig, route, spanAttributes } from '../src/config.js';

function config(canary: boolean) {
  const version = (n: number) => ({ version: n, snapshotHash: `h${n}`, prompt: { system: `v${n}` } });
  return parseConfig({
    agent: 'support-bot', environment: 'production', generation: 4, weight: canary ? 100 : 0,
    salt: canary ? 'salt' : null, rolloutId: canary ? '7' : null, stable: version(1), canary: canary ? version(2) : null,
  });
}

describe('decision.spanAttributes()', () => {
  it('names the agent, environment, version, arm, generation, rollout and routing key', () => {
    assert.deepEqual(route(config(true), 'customer-42').spanAttributes(), {
      'tightrope.agent': 'support-bot',
      'tightrope.environment': 'production',
      'tightrope.version': 2,
      'tightrope.arm': 'CANARY',
      'tightrope.generation': 4,
      'tightrope.rollout_id': '7',
      'tightrope.routing_key': 'customer-42',
      'feature_flag.key': 'support-bot',
      'feature_flag.result.variant': 'v2',
      'feature_flag.provider.name': 'tightrope',
      'feature_flag.context.id': 'customer-42',
    });
  });

  it('leaves out what the decision does not have, and routing keys longer than the server keeps', () => {
    const attributes = route(config(false), null).spanAttributes();
    assert.equal(attributes['tightrope.arm'], 'STABLE');
    assert.equal(attributes['feature_flag.result.variant'], 'v1');
    for (const key of ['tightrope.rollout_id', 'tightrope.routing_key', 'feature_flag.context.id']) {
      assert.ok(!(key in attributes), key);
    }
    assert.ok(!('tightrope.routing_key' in route(config(false), 'k'.repeat(201)).spanAttributes()));
    assert.equal(route(config(false), 'k'.repeat(200)).spanAttributes()['tightrope.routing_key'], 'k'.repeat(200));
  });

  it('is the same as the standalone function and gives a new object each call', () => {
    const decision = route(config(true), 'a');
    assert.deepEqual(decision.spanAttributes(), spanAttributes(decision));
    decision.spanAttributes()['tightrope.version'] = 99;
    assert.equal(decision.spanAttributes()['tightrope.version'], 2);
  });
});
