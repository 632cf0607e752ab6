/** Helpers of the tests: waiting for a condition (never a fixed sleep) and the shared vectors' path. */
import { setTimeout as delay } from 'node:timers/promises';

export const VECTORS = new URL('../../../test-vectors/bucketing.json', import.meta.url);

/** Waits until `condition()` is truthy; fails after `timeoutMs`. */
export async function eventually<T>(condition: () => T | Promise<T>, timeoutMs = 10_000,
  message = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`${message} not met within ${timeoutMs} ms`);
    }
    await delay(10);
  }
}

/** Quiet logger for clients whose errors are expected. */
export const silent = { warn: (): void => undefined };
