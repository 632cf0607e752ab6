// The subscriber worker processes as a whole, seen from the coordinator.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./worker.mjs', import.meta.url));

export class Fleet {
  /** specs: [{ url, count, idPrefix }], common: { agent, environment, ack, concurrency, ackSockets, token } */
  constructor(specs, common) {
    this.workers = specs.map((spec, i) => this.#start(i, { ...spec, ...common, token: undefined }, common.token));
    this.gens = new Map();   // gen -> { pending: number, first, last, times: [] , resolve }
    this.acks = new Map();
  }

  #start(index, cfg, token) {
    const child = fork(WORKER, [JSON.stringify({ openTimeoutMs: 120_000, ...cfg })], {
      env: { ...process.env, SCALE_RUNTIME_TOKEN: token },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: ['--max-old-space-size=2048'],
    });
    const w = { index, child, cfg, waiters: new Map(), opened: null, stats: null, exited: false };
    w.openedPromise = new Promise((resolve, reject) => { w.resolveOpen = resolve; w.rejectOpen = reject; });
    child.on('message', (m) => this.#onMessage(w, m));
    child.on('exit', (code) => {
      w.exited = true;
      if (!w.opened) w.rejectOpen(new Error(`worker ${index} exited (${code}) before opening`));
    });
    return w;
  }

  #slot(map, gen) {
    let s = map.get(gen);
    if (!s) {
      s = { pending: this.workers.length, first: Infinity, last: -Infinity, times: [], failed: 0,
        perWorker: this.workers.map(() => NaN) };
      s.done = new Promise((resolve) => { s.resolve = resolve; });
      map.set(gen, s);
    }
    return s;
  }

  #onMessage(w, m) {
    if (m.type === 'open') {
      w.opened = m;
      w.resolveOpen(m);
    } else if (m.type === 'gen') {
      const s = this.#slot(this.gens, m.gen);
      s.first = Math.min(s.first, m.first);
      s.last = Math.max(s.last, m.last);
      s.perWorker[w.index] = m.last;
      for (const t of m.times) s.times.push(t);
      if (--s.pending === 0) s.resolve(s);
    } else if (m.type === 'acks') {
      const s = this.#slot(this.acks, m.gen);
      s.last = Math.max(s.last, m.last);
      s.perWorker[w.index] = m.last;
      s.failed += m.failed;
      if (--s.pending === 0) s.resolve(s);
    } else if (m.type === 'stats') {
      w.stats?.(m);
    } else if (m.type === 'closed') {
      w.closed?.();
    } else if (m.type === 'fatal') {
      console.error(`worker ${w.index}: ${m.message}`);
    }
  }

  pids() {
    return this.workers.map((w) => w.child.pid);
  }

  async open() {
    return Promise.all(this.workers.map((w) => w.openedPromise));
  }

  /** Resolves when every worker's subscribers have `gen`, or rejects after timeoutMs. */
  delivered(gen, timeoutMs) {
    return withTimeout(this.#slot(this.gens, gen).done, timeoutMs, `generation ${gen} not delivered to all subscribers`)
      .finally(() => this.gens.delete(gen));
  }

  acknowledged(gen, timeoutMs) {
    return withTimeout(this.#slot(this.acks, gen).done, timeoutMs, `acknowledgements of generation ${gen} not all answered`)
      .finally(() => this.acks.delete(gen));
  }

  /** Every worker's acknowledgement round trips and frame-to-handler lags since the last call, and failures. */
  async stats() {
    const all = await Promise.all(this.workers.map((w) => new Promise((resolve) => {
      if (w.exited) return resolve({ ackRtt: [], frameLag: [], failures: ['worker exited'], live: 0, cpuMs: 0 });
      w.stats = resolve;
      w.child.send({ type: 'stats' });
    })));
    return {
      ackRtt: all.flatMap((s) => s.ackRtt),
      frameLag: all.flatMap((s) => s.frameLag),
      failures: all.flatMap((s) => s.failures),
      live: all.reduce((a, s) => a + s.live, 0),
      inflight: all.reduce((a, s) => a + (s.inflight ?? 0), 0),
      cpuMs: all.reduce((a, s) => a + s.cpuMs, 0),
    };
  }

  async close() {
    await Promise.all(this.workers.map((w) => new Promise((resolve) => {
      if (w.exited) return resolve();
      const timer = setTimeout(() => { w.child.kill('SIGKILL'); resolve(); }, 20_000);
      w.closed = () => { clearTimeout(timer); resolve(); };
      w.child.on('exit', () => { clearTimeout(timer); resolve(); });
      w.child.send({ type: 'close' });
    })));
  }

  kill() {
    for (const w of this.workers) if (!w.exited) w.child.kill('SIGKILL');
  }
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}
