/**
 * Jittered exponential backoff, the one retry policy of the SDK (stream reconnects, polling, acknowledgements,
 * outcome batches).
 *
 * `delayMs(n)` for the n-th consecutive failure (from 0) is drawn from [d/2, d] with
 * `d = min(maximumMs, initialMs * multiplier ** n)` ("equal jitter"): it grows exponentially, never exceeds
 * `maximumMs`, and spreads many runtimes that failed together (a server restart) over time instead of having them
 * all reconnect in the same instant. With the defaults (500 ms, x2, 30 s): 250-500 ms, 0.5-1 s, 1-2 s, … 15-30 s.
 */
export interface BackoffOptions {
  /** First ceiling, in ms (default 500). */
  initialMs?: number;
  /** Largest ceiling, in ms (default 30 000). */
  maximumMs?: number;
  /** Growth per failure (default 2). */
  multiplier?: number;
  /** A number in [0, 1), like `Math.random` (tests pass their own). */
  random?: () => number;
}

export class Backoff {
  readonly initialMs: number;
  readonly maximumMs: number;
  readonly multiplier: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maximumMs = options.maximumMs ?? 30_000;
    this.multiplier = options.multiplier ?? 2;
    this.random = options.random ?? Math.random;
    if (!(this.initialMs > 0) || !(this.maximumMs >= this.initialMs) || !(this.multiplier >= 1)) {
      throw new RangeError('Backoff needs 0 < initialMs <= maximumMs and multiplier >= 1');
    }
  }

  /** The largest delay after `failures` consecutive failures (before jitter). */
  ceilingMs(failures: number): number {
    const exponent = Math.min(Math.max(0, failures), 64);
    return Math.min(this.maximumMs, this.initialMs * this.multiplier ** exponent);
  }

  /** Milliseconds to wait after `failures` consecutive failures (0 = after the first). */
  delayMs(failures: number): number {
    const ceiling = this.ceilingMs(failures);
    return ceiling / 2 + this.random() * ceiling / 2;
  }
}

/**
 * The wait a `Retry-After` header asks for, in ms, capped at `maximumMs` (default 300 s); `fallbackMs` when there
 * is none or it cannot be read. Tightrope sends seconds; an HTTP date is read too.
 */
export function retryAfterMs(header: string | null | undefined, fallbackMs: number, nowMs: number = Date.now(),
  maximumMs = 300_000): number {
  if (header === null || header === undefined || header.trim() === '') {
    return fallbackMs;
  }
  const text = header.trim();
  let waitMs: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    waitMs = Number(text) * 1000;
  } else {
    const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN; // "-1" would parse as the year -1
    if (Number.isNaN(date)) {
      return fallbackMs;
    }
    waitMs = Math.max(0, date - nowMs);
  }
  return Math.min(waitMs, maximumMs);
}
