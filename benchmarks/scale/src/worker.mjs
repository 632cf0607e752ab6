// A child process of the scale client that holds configChanged subscribers: one graphql-ws client, so one
// WebSocket, and one runtimeId per subscriber; optionally each acknowledges every configuration it receives, over
// HTTP, as a runtime does. It reports to its parent (IPC) when all its subscribers have a generation, with every
// subscriber's receipt time on the shared monotonic clock (CLOCK_MONOTONIC, see http.mjs).
//
// Configuration: a JSON object in argv[2] (url, agent, environment, count, idPrefix, concurrency, ack, ackSockets,
// openTimeoutMs); the RUNTIME token in the environment variable SCALE_RUNTIME_TOKEN (never on a command line).
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { monoMs, agent as httpAgent, post } from './http.mjs';
import { CONFIG_CHANGED, ACKNOWLEDGE } from './documents.mjs';

const cfg = JSON.parse(process.argv[2]);
const token = process.env.SCALE_RUNTIME_TOKEN;
delete process.env.SCALE_RUNTIME_TOKEN;
const send = (m) => process.send(m);

const wsUrl = new URL('/graphql', cfg.url.replace(/^http/, 'ws')).toString();
const ackPool = cfg.ack ? httpAgent(cfg.ackSockets ?? 16) : null;

let live = 0;                 // subscribers open and not failed
const failures = [];
const gens = new Map();       // generation -> { count, first, last, times[] }
const acks = new Map();       // generation -> { expected, answered, failed, last }
const ackRtt = [];
let inflight = 0;            // acknowledgements sent and not answered yet
const clientCpuStart = process.cpuUsage();

function genState(g) {
  let s = gens.get(g);
  if (!s) { s = { count: 0, first: Infinity, last: -Infinity, times: [] }; gens.set(g, s); }
  return s;
}

function checkGen(g) {
  const s = gens.get(g);
  if (s && s.count >= live && live > 0) {
    gens.delete(g);
    send({ type: 'gen', gen: g, count: s.count, first: s.first, last: s.last, times: s.times });
  }
}

function checkAcks(g) {
  const a = acks.get(g);
  if (a && a.answered >= a.expected) {
    acks.delete(g);
    send({ type: 'acks', gen: g, answered: a.answered, failed: a.failed, last: a.last });
  }
}

function acknowledge(sub, g) {
  let a = acks.get(g);
  if (!a) { a = { expected: live, answered: 0, failed: 0, last: -Infinity }; acks.set(g, a); }
  const t0 = monoMs();
  inflight++;
  post(cfg.url, {
    agent: ackPool, token, query: ACKNOWLEDGE, timeoutMs: 60_000,
    variables: { agent: cfg.agent, environment: cfg.environment, generation: g, runtimeId: sub.runtimeId },
  }).then(() => {}, (e) => { a.failed++; if (a.failed <= 3) failures.push(`ack ${sub.runtimeId} g${g}: ${e.message}`); })
    .finally(() => {
      const t = monoMs();
      inflight--;
      ackRtt.push(t - t0);
      a.answered++;
      if (t > a.last) a.last = t;
      checkAcks(g);
    });
}

// a WebSocket that notes when each frame was decoded, before graphql-ws parses it (the client's own share)
class TimedWebSocket extends WebSocket {
  constructor(...args) {
    super(...args);
    this.frameAt = 0;
    this.on('message', () => { this.frameAt = monoMs(); });
  }
}

const subscribers = [];

function openOne(i) {
  const sub = { runtimeId: `${cfg.idPrefix}${i}`, gen: -1, open: false, failed: false, socket: null, client: null };
  subscribers.push(sub);
  return new Promise((resolve) => {
    const timer = setTimeout(() => fail(`not open within ${cfg.openTimeoutMs} ms`), cfg.openTimeoutMs);
    function fail(why) {
      if (sub.failed) return;
      sub.failed = true;
      if (failures.length < 20) failures.push(`${sub.runtimeId}: ${why}`);
      if (sub.open) {
        live--;
        for (const g of [...gens.keys()]) checkGen(g);
      }
      clearTimeout(timer);
      resolve(false);
    }
    sub.client = createClient({
      url: wsUrl,
      webSocketImpl: TimedWebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: true,
      retryAttempts: 0,
      keepAlive: 0,
      on: {
        connected: (socket) => { sub.socket = socket; },
        closed: (event) => { if (!closing) fail(`socket closed (${event?.code ?? '?'})`); },
        error: (e) => fail(`socket error: ${e?.message ?? e}`),
      },
    });
    sub.client.subscribe(
      { query: CONFIG_CHANGED, variables: { agent: cfg.agent, environment: cfg.environment, runtimeId: sub.runtimeId } },
      {
        next: (value) => {
          const t = monoMs();
          const config = value?.data?.configChanged;
          if (!config || value.errors) return fail(`bad message: ${JSON.stringify(value).slice(0, 200)}`);
          const g = config.generation;
          if (!sub.open) {
            sub.open = true;
            sub.gen = g;
            live++;
            clearTimeout(timer);
            resolve(true);
          } else {
            for (let k = sub.gen + 1; k <= g; k++) {
              const s = genState(k);
              s.count++;
              if (t < s.first) s.first = t;
              if (t > s.last) s.last = t;
              s.times.push(t);
              frameLag.push(t - (sub.socket?.frameAt || t));
            }
            if (g > sub.gen) sub.gen = g;
            checkGen(g);
          }
          if (cfg.ack) setImmediate(() => acknowledge(sub, g));
        },
        error: (e) => fail(`subscription error: ${JSON.stringify(e).slice(0, 200)}`),
        complete: () => { if (!closing) fail('subscription completed by the server'); },
      },
    );
  });
}

const frameLag = [];
let closing = false;

async function openAll() {
  const t0 = monoMs();
  let next = 0;
  const lanes = Array.from({ length: Math.min(cfg.concurrency, cfg.count) }, async () => {
    while (next < cfg.count) {
      const i = next++;
      await openOne(i);
    }
  });
  await Promise.all(lanes);
  send({ type: 'open', open: live, failed: cfg.count - live, ms: monoMs() - t0, failures: failures.slice(0, 10) });
}

process.on('message', async (m) => {
  if (m.type === 'stats') {
    const cpu = process.cpuUsage(clientCpuStart);
    send({ type: 'stats', ackRtt, frameLag, live, inflight, failures: failures.slice(0, 20), cpuMs: (cpu.user + cpu.system) / 1000 });
    ackRtt.length = 0;
    frameLag.length = 0;
  } else if (m.type === 'close') {
    closing = true;
    await Promise.race([
      Promise.allSettled(subscribers.map((s) => s.client?.dispose())),
      new Promise((r) => setTimeout(r, 10_000)),
    ]);
    ackPool?.destroy();
    send({ type: 'closed' });
    setTimeout(() => process.exit(0), 100);
  }
});
process.on('disconnect', () => process.exit(0));

openAll().catch((e) => { send({ type: 'fatal', message: String(e?.stack ?? e) }); process.exit(1); });
