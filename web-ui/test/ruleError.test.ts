import { describe, expect, it } from 'vitest';
import { errorSpan, offsetOf, splitAt } from '../src/logic/ruleError';

describe('errorSpan', () => {
  it.each([
    // text, line, column, found, marked
    ['IF error_rate > 150% THEN rollback', 1, 17, "'150%'", '150%'],
    ['IF latency > 5s THEN rollback', 1, 4, "'latency'", 'latency'],
    ['IF error_rate >\n 5% FOR 5m THEN alrt', 2, 17, "'alrt'", 'alrt'],
    ['IF error_rate is 5% THEN alert', 1, 15, "'is'", 'is'],
    ['IF error_rate > 5% THEN alert SEVERITY loud', 1, 40, "'loud'", 'loud'],
    // a token the server shortened ("…"): the word that starts there
    ['IF abcdefghijklmnopqrstuvwxyz_metric > 1 THEN alert', 1, 4, "'abcdefghijklmnopqrstuvwx…'", 'abcdefghijklmnopqrstuvwxyz_metric'],
    // a symbol: one character
    ['IF error_rate ( > 5% THEN alert', 1, 15, "'('", '('],
    ['IF error_rate = 5% THEN alert', 1, 15, "'='", '='],
  ])('%j at %i:%i (found %s) marks %j', (text, line, column, found, marked) => {
    const span = errorSpan(text, { line, column, found });
    expect(text.slice(span.start, span.end)).toBe(marked);
  });

  it('marks the end of the text with an empty span', () => {
    const text = 'IF error_rate >';
    expect(errorSpan(text, { line: 1, column: 16, found: 'the end of the rule' })).toEqual({ start: 15, end: 15 });
  });

  it('clamps a position beyond its line or the text', () => {
    expect(offsetOf('ab\ncd', 1, 9)).toBe(2);
    expect(offsetOf('ab\ncd', 2, 2)).toBe(4);
    expect(offsetOf('ab\ncd', 5, 1)).toBe(5);
  });
});

describe('splitAt', () => {
  it('cuts the text around the span', () => {
    const text = 'IF error_rate > 150% THEN rollback';
    expect(splitAt(text, errorSpan(text, { line: 1, column: 17, found: "'150%'" })))
      .toEqual({ before: 'IF error_rate > ', marked: '150%', after: ' THEN rollback' });
  });
});
