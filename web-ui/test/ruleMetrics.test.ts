import { describe, expect, it } from 'vitest';
import { ruleMetric, ruleValue, trimmed } from '../src/logic/ruleMetrics';

describe('ruleMetric', () => {
  it.each([
    ['IF error_rate > 15% FOR 2m THEN rollback', 'error_rate'],
    ['if P95_LATENCY > 4s then pause', 'p95_latency'],
    ['IF tool_error_rate(search) > 50% THEN disable_tool', 'tool_error_rate'],
    ['IF cost_per_request > 3x BASELINE THEN rollback', 'cost_per_request'],
    ['IF latency > 5s THEN rollback', null],
    ['error_rate > 5%', null],
  ])('%s watches %s', (rule, metric) => {
    expect(ruleMetric(rule)).toBe(metric);
  });
});

describe('ruleValue', () => {
  it.each([
    ['error_rate', 0.3, '30 %'],
    ['error_rate', 0.30000000000000004, '30 %'],
    ['task_completion_rate', 0.12345, '12.35 %'],
    ['tool_error_rate', 0, '0 %'],
    ['p95_latency', 4210.5, '4211 ms'],
    ['p50_latency', 12.34, '12.3 ms'],
    ['cost_per_request', 0.0061, '$0.0061'],
    ['tokens_per_request', 8123.4, '8123'],
    ['eval_score', 0.7, '0.700'],
    ['request_rate', 0.1666666, '0.17/s'],
    [null, 1.23456, '1.2346'],
  ])('%s %f reads %s', (metric, value, text) => {
    expect(ruleValue(metric, value)).toBe(text);
  });

  it('reads a missing value as a dash', () => {
    expect(ruleValue('error_rate', null)).toBe('—');
    expect(ruleValue('error_rate', Number.NaN)).toBe('—');
  });

  it('trims trailing zeros', () => {
    expect(trimmed(15, 2)).toBe('15');
    expect(trimmed(12.5, 2)).toBe('12.5');
  });
});
