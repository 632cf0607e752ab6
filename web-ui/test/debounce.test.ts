import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../src/logic/debounce';

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls once, with the last argument, after the pause', () => {
    const calls: string[] = [];
    const validate = debounce((text: string) => calls.push(text), 300);
    validate('IF e');
    vi.advanceTimersByTime(200);
    validate('IF er');
    vi.advanceTimersByTime(200);
    validate('IF err');
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(299);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['IF err']);
  });

  it('calls again for typing after a pause', () => {
    const calls: string[] = [];
    const validate = debounce((text: string) => calls.push(text), 300);
    validate('a');
    vi.advanceTimersByTime(300);
    validate('ab');
    vi.advanceTimersByTime(300);
    expect(calls).toEqual(['a', 'ab']);
  });

  it('drops a waiting call when cancelled', () => {
    const fn = vi.fn();
    const validate = debounce(fn, 300);
    validate('x');
    validate.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
  });
});
