/**
 * Acknowledgements in the background: "this runtime now uses generation N" (`POST …/acknowledgements`).
 *
 * Acknowledging N covers every earlier generation, so when changes come faster than acknowledgements go, only the
 * newest is sent. A failed acknowledgement (network, 429, 5xx) is retried with the shared backoff, up to
 * `maxAttempts`; one the server refuses (400, 401, 403, 404) is not, because it would be refused again.
 */
import { Backoff } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import { ApiError } from './errors.js';

export type AcknowledgeSink = (generation: number, signal: AbortSignal) => Promise<void>;

export class Acknowledger {
  /** Acknowledgements the server took. */
  acknowledged = 0;
  /** The newest generation the server took an acknowledgement of (0: none yet). */
  acknowledgedGeneration = 0;
  private wanted = 0;
  private settled = 0;
  private loop: Promise<void> | null = null;
  private readonly stop = new AbortController();

  constructor(private readonly sink: AcknowledgeSink, private readonly backoff: Backoff = new Backoff(),
    private readonly onError: (error: Error) => void = () => undefined, private readonly maxAttempts = 5,
    private readonly clock: Clock = systemClock) {}

  /** Asks for `generation` to be acknowledged; returns at once. */
  acknowledge(generation: number): void {
    this.wanted = Math.max(this.wanted, generation);
    this.loop ??= this.run().finally(() => {
      this.loop = null;
      if (this.wanted > this.settled && !this.stop.signal.aborted) {
        this.acknowledge(this.wanted);
      }
    });
  }

  /** Stops retrying; an acknowledgement in flight is abandoned. */
  async close(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.wanted > this.settled && !this.stop.signal.aborted) {
      const generation = this.wanted;
      try {
        await this.sink(generation, this.stop.signal);
        this.acknowledged++;
        this.acknowledgedGeneration = Math.max(this.acknowledgedGeneration, generation);
        this.settled = Math.max(this.settled, generation);
        failures = 0;
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        failures++;
        if ((error instanceof ApiError && !error.retryable) || failures >= this.maxAttempts) {
          this.onError(new Error(`Acknowledging generation ${generation} failed: ${failure.message}`));
          this.settled = Math.max(this.settled, generation);
          failures = 0;
          continue;
        }
        await this.clock.sleep(this.backoff.delayMs(failures - 1), this.stop.signal);
      }
    }
  }
}
