/** A one-shot-at-a-time wake-up for a background loop: `wait(ms)` resolves on `wake()`, on time, or on abort. */
import type { Clock } from './clock.js';

export class Wakeup {
  private resolve: (() => void) | null = null;
  private pending = false;

  constructor(private readonly clock: Clock) {}

  /** Wakes the loop now, or at its next `wait` if it is busy. */
  wake(): void {
    if (this.resolve !== null) {
      const resolve = this.resolve;
      this.resolve = null;
      resolve();
    } else {
      this.pending = true;
    }
  }

  /** Waits for `wake()`, at most `ms` (null: no limit; such a wait does not keep the process alive). */
  async wait(ms: number | null, signal: AbortSignal): Promise<void> {
    if (this.pending || signal.aborted) {
      this.pending = false;
      return;
    }
    const woken = new Promise<void>((resolve) => {
      this.resolve = resolve;
    });
    const local = new AbortController();
    const onAbort = (): void => this.wake();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await (ms === null ? woken : Promise.race([woken, this.clock.sleep(ms, local.signal)]));
    } finally {
      local.abort();
      signal.removeEventListener('abort', onAbort);
      this.resolve = null;
      this.pending = false;
    }
  }
}
