/**
 * Time, as the SDK sees it: a monotonic clock for durations (staleness, flush deadlines), the wall clock for
 * `occurredAt`, and cancellable sleeps. Tests pass their own to control time.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences mean something). */
  monotonicMs(): number;
  /** Now, on the wall clock. */
  wall(): Date;
  /**
   * Resolves after `ms`, or early (without rejecting) when `signal` aborts. Like an open stream, a pending sleep
   * keeps the process alive: `Client.close()` aborts them all.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  monotonicMs: () => performance.now(),
  wall: () => new Date(),
  sleep: (ms, signal) => new Promise<void>((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  }),
};
