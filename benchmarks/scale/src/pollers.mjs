// route() pollers: each its own keep-alive connection and routing key, sending the next POST /graphql as soon as
// the previous answer has arrived, and noting when it first sees each generation.
import { post, agent as httpAgent, monoMs } from './http.mjs';
import { ROUTE } from './documents.mjs';

export class Pollers {
  constructor(base, token, agentSlug, environment, count) {
    this.running = true;
    this.rtt = [];
    this.errors = 0;
    this.waits = [];          // { gen, resolve }
    this.pollers = Array.from({ length: count }, (_, i) => ({
      key: `poller-${i}`, pool: httpAgent(1), gen: -1, seen: new Map(),
    }));
    this.loops = this.pollers.map((p) => this.#loop(base, token, agentSlug, environment, p));
  }

  async #loop(base, token, agentSlug, environment, p) {
    while (this.running) {
      const t0 = monoMs();
      try {
        const data = await post(base, { agent: p.pool, token, query: ROUTE, timeoutMs: 10_000,
          variables: { agent: agentSlug, environment, routingKey: p.key } });
        const t = monoMs();
        this.rtt.push(t - t0);
        const g = data.route.generation;
        if (g > p.gen) {
          for (let k = p.gen + 1; k <= g; k++) p.seen.set(k, t);
          p.gen = g;
          this.#check();
        }
      } catch (e) {
        this.errors++;
        if (this.errors <= 3) console.error(`poller ${p.key}: ${e.message}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  #check() {
    this.waits = this.waits.filter((w) => {
      if (this.pollers.every((p) => p.gen >= w.gen)) { w.resolve(this.#times(w.gen)); return false; }
      return true;
    });
  }

  #times(gen) {
    const ts = this.pollers.map((p) => p.seen.get(gen));
    return { first: Math.min(...ts), last: Math.max(...ts) };
  }

  /** Resolves with { first, last } once every poller has seen `gen` (or later). */
  seen(gen) {
    if (this.pollers.every((p) => p.gen >= gen)) return Promise.resolve(this.#times(gen));
    return new Promise((resolve) => this.waits.push({ gen, resolve }));
  }

  ready() {
    return this.seen(0);
  }

  async stop() {
    this.running = false;
    await Promise.race([Promise.allSettled(this.loops), new Promise((r) => setTimeout(r, 12_000))]);
    for (const p of this.pollers) p.pool.destroy();
  }
}
