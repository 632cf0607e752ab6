// The scale client's coordinator: runs one scenario against servers that benchmarks/scale/run.sh started, prints
// its tables with PASS / NOT MET against the target, and writes every iteration to a JSON file for the analysis.
//
//   node src/scale.mjs <scenario> [--option value ...]
//   scenarios: setup, realistic, instances, early-rollbacks, ready, route-load
// The ADMIN token comes from the environment (TIGHTROPE_TOKEN), never from the command line.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { monoMs, post, agent as httpAgent, requireLoopback } from './http.mjs';
import * as doc from './documents.mjs';
import { createAgent, createRuntimeToken, events } from './setup.mjs';
import { Fleet, withTimeout } from './fleet.mjs';
import { Pollers } from './pollers.mjs';
import { threadCpuMs, diffCpu, rssKb } from './procfs.mjs';
import { summarize, summaryTable, table, fmt, verdict } from './stats.mjs';

const DEFAULTS = {
  url: null,              // comma-separated base URLs (instance A first)
  'server-pids': '',      // comma-separated, same order
  agent: null,
  environment: 'production',
  subscribers: 1000,      // per scenario: realistic = total; instances = per instance
  procs: 2,               // subscriber worker processes (realistic); instances: one per instance
  pollers: 4,
  cycles: 50,             // rollback + roll-forward pairs
  ack: 'on',
  'ack-sockets': 16,      // keep-alive connections per worker process for acknowledgements
  concurrency: 50,        // subscriptions being opened at a time, per worker process
  'delivery-timeout-ms': 15_000,
  'ack-timeout-ms': 180_000,
  'max-seconds': 1500,    // the whole scenario
  'ready-within-s': 10,   // early-rollbacks: rollbacks only in this long after ready
  rollbacks: 40,          // early-rollbacks and instances
  'started-at-ms': null,  // epoch ms at which the driver started the server process (ready, early-rollbacks)
  rehearse: 0,            // early-rollbacks: DRY_RUN drills sent right after ready, before the pollers start
  connections: 64,        // route-load
  seconds: 60,            // route-load
  out: null,              // JSON file of the iterations
  label: '',
};

function parseArgs(argv) {
  const opts = { ...DEFAULTS, scenario: argv[0] };
  for (let i = 1; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in DEFAULTS)) throw new Error(`unknown option --${key}`);
    const v = argv[i + 1];
    opts[key] = typeof DEFAULTS[key] === 'number' ? Number(v) : v;
  }
  opts.urls = (opts.url ?? '').split(',').filter(Boolean);
  opts.pids = opts['server-pids'].split(',').filter(Boolean).map(Number);
  if (!opts.urls.length) throw new Error('--url is required');
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const ADMIN = process.env.TIGHTROPE_TOKEN;
if (!ADMIN) throw new Error('TIGHTROPE_TOKEN (the ADMIN token) must be set');
for (const u of opts.urls) await requireLoopback(u);
const deadline = monoMs() + opts['max-seconds'] * 1000;
const hardStop = setTimeout(() => { console.error(`scenario stopped at its limit of ${opts['max-seconds']} s`); process.exit(3); },
  (opts['max-seconds'] + 60) * 1000);
hardStop.unref();

const mutationPool = httpAgent(2);
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 23)}]`, ...a);

function serverCpu() {
  return opts.pids.map((pid) => threadCpuMs(pid));
}
function sumCpu(list) {
  const out = {};
  for (const c of list) for (const [k, v] of Object.entries(c)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Sends one traffic change to `base` and answers { gen, t0, wall0, answeredAt, commitMillis, type }. */
async function change(base, kind, version) {
  const variables = { agent: opts.agent, environment: opts.environment, reason: 'scale benchmark' };
  const query = kind === 'rollback' ? doc.ROLLBACK : doc.DEPLOY;
  if (kind !== 'rollback') variables.version = version;
  const wall0 = performance.timeOrigin + performance.now();
  const t0 = monoMs();
  const data = await post(base, { agent: mutationPool, token: ADMIN, query, variables, timeoutMs: 15_000 });
  const answeredAt = monoMs();
  const ev = kind === 'rollback' ? data.rollback : data.deploy;
  return { kind, gen: ev.generation, t0, wall0, answeredAt, commitMillis: ev.commitMillis, toVersion: ev.toVersion };
}

async function serverPropagation(base) {
  // propagation is recorded when the last acknowledgement is; give the last changes a moment
  await new Promise((r) => setTimeout(r, 1500));
  const list = await events(base, ADMIN, opts.agent, opts.environment);
  return new Map(list.map((e) => [e.generation, e]));
}

function writeOut(result) {
  if (opts.out) writeFileSync(opts.out, JSON.stringify(result, null, 1));
}

function cpuRow(label, rows, key) {
  return [label, summarize(rows.map((r) => r[key]))];
}

// ------------------------------------------------------------------------------------------------------ setup
async function scenarioSetup() {
  const slug = opts.agent ?? `scale-${Date.now().toString(36)}`;
  await createAgent(opts.urls[0], ADMIN, slug, { versions: Math.max(2, opts.cycles + 2), stable: 2 });
  console.log(`AGENT=${slug}`);
}

// -------------------------------------------------------------------------------------------------- realistic
async function scenarioRealistic() {
  const base = opts.urls[0];
  const slug = opts.agent ?? `scale-${Date.now().toString(36)}`;
  const ack = opts.ack === 'on';
  const total = opts.subscribers;
  log(`agent ${slug}: ${opts.cycles + 2} versions, version 2 stable`);
  const tSetup = monoMs();
  await createAgent(base, ADMIN, slug, { versions: opts.cycles + 2, stable: 2 });
  opts.agent = slug;
  const runtimeToken = await createRuntimeToken(base, ADMIN, `scale-runtime-${slug}`);
  log(`setup took ${fmt(monoMs() - tSetup)} ms`);

  const per = Math.ceil(total / opts.procs);
  const specs = Array.from({ length: opts.procs }, (_, i) => ({
    url: base, count: Math.min(per, total - i * per), idPrefix: `rt-${i}-`,
  })).filter((s) => s.count > 0);
  const fleet = new Fleet(specs, { agent: slug, environment: opts.environment, ack, concurrency: opts.concurrency,
    ackSockets: opts['ack-sockets'], token: runtimeToken });
  const result = { scenario: 'realistic', label: opts.label, total, ack, procs: specs.length, iterations: [] };
  try {
    const tOpen = monoMs();
    const opened = await withTimeout(fleet.open(), 300_000, 'subscribers not open');
    const open = opened.reduce((a, o) => a + o.open, 0);
    result.openMs = monoMs() - tOpen;
    log(`${open} of ${total} subscribers open in ${fmt(result.openMs)} ms`);
    if (open !== total) throw new Error(`only ${open} of ${total} subscribers opened: ${opened.flatMap((o) => o.failures).join('; ')}`);
    if (ack) {
      // the acknowledgements of the first configuration, as runtimes send them when they connect: let them finish
      const tAcks = monoMs();
      while ((await fleet.stats()).inflight > 0 && monoMs() - tAcks < 300_000) await new Promise((r) => setTimeout(r, 200));
      result.firstAcksMs = monoMs() - tAcks;
      log(`acknowledgements of the first configuration answered after ${fmt(result.firstAcksMs)} ms more`);
    }
    const pollers = new Pollers(base, runtimeToken, slug, opts.environment, opts.pollers);
    await withTimeout(pollers.ready(), 30_000, 'pollers not ready');
    await fleet.stats(); // resets the round trips of the opening

    let version = 3;
    try {
    for (let cycle = 0; cycle < opts.cycles && monoMs() < deadline; cycle++) {
      for (const kind of ['rollback', 'deploy']) {
        const fleetPids = fleet.pids();
        const cpu0 = sumCpu(serverCpu());
        const client0 = sumCpu(fleetPids.map((p) => threadCpuMs(p))).total;
        const c = await change(base, kind, version);
        if (kind === 'deploy') version++;
        const [subs, polls] = await Promise.all([
          fleet.delivered(c.gen, opts['delivery-timeout-ms']),
          withTimeout(pollers.seen(c.gen), opts['delivery-timeout-ms'], `generation ${c.gen} not seen by pollers`),
        ]);
        const tDelivered = monoMs();
        const cpu1 = sumCpu(serverCpu());
        const client1 = sumCpu(fleetPids.map((p) => threadCpuMs(p))).total;
        let acks = null;
        if (ack) acks = await fleet.acknowledged(c.gen, opts['ack-timeout-ms']);
        const cpu2 = sumCpu(serverCpu());
        const d = diffCpu(cpu1, cpu0);
        const row = {
          i: result.iterations.length, cycle, kind, gen: c.gen, wallStart: c.wall0,
          allSubs: subs.last - c.t0, firstSub: subs.first - c.t0, fanout: subs.last - subs.first,
          allPollers: polls.last - c.t0, firstPoller: polls.first - c.t0,
          answered: c.answeredAt - c.t0, commitMillis: c.commitMillis,
          acksAnswered: acks ? acks.last - c.t0 : NaN, ackFailures: acks ? acks.failed : 0,
          windowMs: tDelivered - c.t0,
          srvCpu: d.total, srvJit: d.jitC1 + d.jitC2, srvJitC2: d.jitC2, srvGc: d.gc, srvEventloop: d.eventloop,
          srvWorker: d.worker, srvOther: d.other, clientCpu: client1 - client0,
          srvCpuUntilAcks: diffCpu(cpu2, cpu0).total,
          deliveries: subs.times.map((t) => t - c.t0),
        };
        result.iterations.push(row);
        if (row.i % 10 === 0 || row.allSubs > 50) {
          log(`#${row.i} ${kind} g${c.gen}: subs ${fmt(row.allSubs)} ms, pollers ${fmt(row.allPollers)} ms`
            + `${ack ? `, acks ${fmt(row.acksAnswered)} ms` : ''}, srv cpu ${fmt(row.srvCpu)} (jit ${fmt(row.srvJit)}, gc ${fmt(row.srvGc)})`);
        }
      }
    }
    } catch (e) {
      result.error = e.message;
      log(`STOPPED after ${result.iterations.length} changes: ${e.message}`);
    }
    await pollers.stop();
    const stats = await fleet.stats();
    result.pollRtt = summarize(pollers.rtt);
    result.pollErrors = pollers.errors;
    result.ackRtt = summarize(stats.ackRtt);
    result.frameLag = summarize(stats.frameLag);
    result.failures = stats.failures;
    result.live = stats.live;
    const prop = await serverPropagation(base);
    for (const r of result.iterations) {
      const e = prop.get(r.gen);
      r.propagationMillis = e?.propagationMillis ?? NaN;
      r.propagationStatus = e?.propagation?.status ?? '?';
      r.runtimesExpected = e?.propagation?.runtimesExpected ?? NaN;
      r.runtimesAcknowledged = e?.propagation?.runtimesAcknowledged ?? NaN;
    }
    reportRealistic(result);
  } finally {
    await fleet.close();
    writeOut(stripDeliveries(result));
  }
}

function stripDeliveries(result) {
  // each delivery is summarized in the tables; the JSON keeps only the per-iteration figures
  return { ...result, iterations: result.iterations.map(({ deliveries, ...r }) => r) };
}

function reportRealistic(r) {
  const it = r.iterations;
  const rb = it.filter((x) => x.kind === 'rollback');
  const fw = it.filter((x) => x.kind === 'deploy');
  const rows = [
    [`**all ${r.total} subscribers have it** (every change)`, summarize(it.map((x) => x.allSubs))],
    ['… rollbacks', summarize(rb.map((x) => x.allSubs))],
    ['… roll-forwards (deploy)', summarize(fw.map((x) => x.allSubs))],
    ['first subscriber has it', summarize(it.map((x) => x.firstSub))],
    ['last − first subscriber', summarize(it.map((x) => x.fanout))],
    ['each delivery', summarize(it.flatMap((x) => x.deliveries))],
    [`all ${opts.pollers} pollers have it`, summarize(it.map((x) => x.allPollers))],
    ['mutation answered', summarize(it.map((x) => x.answered))],
    ['server commitMillis', summarize(it.map((x) => x.commitMillis))],
  ];
  if (r.ack) {
    rows.push([`all ${r.total} acknowledgements answered`, summarize(it.map((x) => x.acksAnswered))]);
    rows.push(['one acknowledgement round trip', r.ackRtt]);
    rows.push(['server propagationMillis (decidedAt → propagatedAt)', summarize(it.map((x) => x.propagationMillis))]);
  }
  rows.push(['poll round trip', r.pollRtt]);
  rows.push(['client: frame decoded → handler', r.frameLag]);
  console.log(`\n### realistic: ${r.total} configChanged subscribers (${r.procs} client processes), acks ${r.ack ? 'on' : 'off'}, `
    + `${opts.pollers} pollers, ${it.length} changes${r.label ? ` (${r.label})` : ''}\n`);
  console.log(`subscriptions opened in ${fmt(r.openMs)} ms\n`);
  console.log(summaryTable(rows));
  console.log('\nserver CPU per change, from the mutation until all subscribers and pollers have it (ms, /proc schedstat):\n');
  console.log(summaryTable([
    cpuRow('all threads', it, 'srvCpu'), cpuRow('JIT compiler threads (C1+C2)', it, 'srvJit'),
    cpuRow('… C2', it, 'srvJitC2'), cpuRow('GC and VM threads', it, 'srvGc'), cpuRow('Vert.x event loops', it, 'srvEventloop'),
    cpuRow('worker threads', it, 'srvWorker'), cpuRow('other threads', it, 'srvOther'),
    cpuRow('client worker processes', it, 'clientCpu'),
    ['server + client ÷ 2 cores: the least the window can take here', summarize(it.map((x) => (x.srvCpu + x.clientCpu) / 2))],
    ['cores server + client got during the window', summarize(it.map((x) => (x.srvCpu + x.clientCpu) / x.windowMs))],
    ...(r.ack ? [cpuRow('server, all threads, until all acks answered', it, 'srvCpuUntilAcks')] : []),
  ]));
  const tenth = Math.max(1, Math.floor(it.length / 10));
  const medians = [];
  for (let k = 0; k + tenth <= it.length; k += tenth) medians.push(fmt(summarize(it.slice(k, k + tenth).map((x) => x.allSubs)).p50));
  console.log(`\nmedians of "all subscribers have it" per tenth of the run, in order: ${medians.join(', ')}`);
  const slow = [...it].sort((a, b) => b.allSubs - a.allSubs).slice(0, 8);
  console.log('\nslowest changes:\n');
  console.log(table(['#', 'kind', 'all subs ms', 'first ms', 'answered ms', 'srv CPU ms', 'JIT ms', 'GC ms', 'event loops ms', 'client CPU ms'],
    slow.map((x) => [String(x.i), x.kind, x.allSubs, x.firstSub, x.answered, x.srvCpu, x.srvJit, x.srvGc, x.srvEventloop, x.clientCpu])));
  if (r.ack) {
    const statuses = {};
    for (const x of it) statuses[x.propagationStatus] = (statuses[x.propagationStatus] ?? 0) + 1;
    console.log(`\npropagation status of the changes: ${JSON.stringify(statuses)}; acknowledgement failures: ${it.reduce((a, x) => a + x.ackFailures, 0)}`);
  }
  if (r.failures.length) console.log(`\nfailures: ${r.failures.join('; ')}`);
  console.log(`subscribers still open at the end: ${r.live} of ${r.total}; poll errors: ${r.pollErrors}`);
  if (r.error) console.log(`the run STOPPED early: ${r.error}`);
  const p99 = summarize(it.map((x) => x.allSubs)).p99;
  console.log(`\nTARGET all ${r.total} subscribers have it, p99 < 50 ms: p99 ${fmt(p99)} ms → ${verdict(p99 < 50 && it.length >= opts.cycles * 2 && r.live === r.total)}`);
}

// -------------------------------------------------------------------------------------------------- instances
async function scenarioInstances() {
  const [a, b] = opts.urls;
  if (!b) throw new Error('instances needs two URLs');
  const slug = opts.agent ?? `scale-${Date.now().toString(36)}`;
  await createAgent(a, ADMIN, slug, { versions: opts.rollbacks + 2, stable: 2 });
  opts.agent = slug;
  const runtimeToken = await createRuntimeToken(a, ADMIN, `scale-runtime-${slug}`);
  const per = opts.subscribers;
  const fleet = new Fleet([{ url: a, count: per, idPrefix: 'a-' }, { url: b, count: per, idPrefix: 'b-' }],
    { agent: slug, environment: opts.environment, ack: false, concurrency: opts.concurrency, token: runtimeToken });
  const result = { scenario: 'instances', label: opts.label, perInstance: per, iterations: [] };
  try {
    const tOpen = monoMs();
    const opened = await withTimeout(fleet.open(), 600_000, 'subscribers not open');
    result.openMs = monoMs() - tOpen;
    const open = opened.reduce((x, o) => x + o.open, 0);
    log(`${open} of ${2 * per} subscribers open in ${fmt(result.openMs)} ms (A ${opened[0].open}, B ${opened[1].open})`);
    if (open !== 2 * per) throw new Error(`only ${open} subscribers opened: ${opened.flatMap((o) => o.failures).join('; ')}`);
    // the clock check: both workers and this process read CLOCK_MONOTONIC; nothing to align, but say so
    let version = 3;
    try {
    for (let i = 0; i < opts.rollbacks && monoMs() < deadline; i++) {
      for (const kind of ['rollback', 'deploy']) {
        const cpu0 = serverCpu();
        const client0 = sumCpu(fleet.pids().map((p) => threadCpuMs(p))).total;
        const c = await change(a, kind, version);
        if (kind === 'deploy') version++;
        const subs = await fleet.delivered(c.gen, opts['delivery-timeout-ms']);
        const cpu1 = serverCpu();
        const client1 = sumCpu(fleet.pids().map((p) => threadCpuMs(p))).total;
        const dA = diffCpu(cpu1[0] ?? {}, cpu0[0] ?? {});
        const dB = diffCpu(cpu1[1] ?? {}, cpu0[1] ?? {});
        const row = {
          i: result.iterations.length, kind, gen: c.gen, wallStart: c.wall0,
          all: subs.last - c.t0, lastA: subs.perWorker[0] - c.t0, lastB: subs.perWorker[1] - c.t0,
          first: subs.first - c.t0, answered: c.answeredAt - c.t0, commitMillis: c.commitMillis,
          srvCpuA: dA.total, srvCpuB: dB.total, srvJit: (dA.jitC1 ?? 0) + (dA.jitC2 ?? 0) + (dB.jitC1 ?? 0) + (dB.jitC2 ?? 0),
          srvGc: (dA.gc ?? 0) + (dB.gc ?? 0), clientCpu: client1 - client0,
          deliveries: subs.times.map((t) => t - c.t0),
        };
        result.iterations.push(row);
        if (row.i % 10 === 0 || row.all > 250) log(`#${row.i} ${kind} g${c.gen}: all ${fmt(row.all)} ms (A ${fmt(row.lastA)}, B ${fmt(row.lastB)})`);
      }
    }
    } catch (e) {
      result.error = e.message;
      log(`STOPPED after ${result.iterations.length} changes: ${e.message}`);
    }
    const rb = result.iterations.filter((x) => x.kind === 'rollback');
    const fw = result.iterations.filter((x) => x.kind === 'deploy');
    console.log(`\n### instances: ${per} subscribers on each of 2 instances, change sent to A, ${rb.length} rollbacks + ${fw.length} roll-forwards${opts.label ? ` (${opts.label})` : ''}\n`);
    console.log(`subscriptions opened in ${fmt(result.openMs)} ms\n`);
    console.log(summaryTable([
      [`**all ${2 * per} subscribers have the rollback**`, summarize(rb.map((x) => x.all))],
      ['… last subscriber of A (the instance that made the change)', summarize(rb.map((x) => x.lastA))],
      ['… last subscriber of B (told by LISTEN/NOTIFY)', summarize(rb.map((x) => x.lastB))],
      ['first subscriber has the rollback', summarize(rb.map((x) => x.first))],
      ['each delivery of a rollback', summarize(rb.flatMap((x) => x.deliveries))],
      ['mutation answered', summarize(rb.map((x) => x.answered))],
      ['all subscribers have the roll-forward', summarize(fw.map((x) => x.all))],
      ['server CPU per rollback, A', summarize(rb.map((x) => x.srvCpuA))],
      ['server CPU per rollback, B', summarize(rb.map((x) => x.srvCpuB))],
      ['JIT CPU per rollback, A+B', summarize(rb.map((x) => x.srvJit))],
      ['GC/VM CPU per rollback, A+B', summarize(rb.map((x) => x.srvGc))],
      ['client CPU per rollback (both worker processes)', summarize(rb.map((x) => x.clientCpu))],
      ['CPU of A + B + client per rollback ÷ 2 cores: the least it can take here', summarize(rb.map((x) => (x.srvCpuA + x.srvCpuB + x.clientCpu) / 2))],
    ]));
    const stats = await fleet.stats();
    result.live = stats.live;
    if (stats.failures.length) console.log(`\nfailures: ${stats.failures.join('; ')}`);
    const p99 = summarize(rb.map((x) => x.all)).p99;
    console.log(`subscribers still open at the end: ${stats.live} of ${2 * per}`);
    if (result.error) console.log(`the run STOPPED early: ${result.error}`);
    console.log(`\nTARGET all ${2 * per} subscribers have the rollback, p99 < 250 ms: p99 ${fmt(p99)} ms → ${verdict(p99 < 250 && rb.length >= opts.rollbacks && stats.live === 2 * per)}`);
  } finally {
    await fleet.close();
    writeOut(stripDeliveries(result));
  }
}

// ------------------------------------------------------------------------------------------ ready / early rollbacks
function readyOnce(base, pool) {
  const u = new URL('/q/health/ready', base);
  return new Promise((resolve) => {
    const r = http.get({ host: u.hostname, port: u.port, path: u.pathname, agent: pool, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    r.on('error', () => resolve(false));
    r.on('timeout', () => { r.destroy(); resolve(false); });
  });
}

/** Polls /q/health/ready every 10 ms until it answers 200; answers when, on both clocks. */
async function waitReady(base) {
  const pool = new http.Agent({ keepAlive: false });
  const end = monoMs() + 60_000;
  while (monoMs() < end) {
    if (await readyOnce(base, pool)) return { mono: monoMs(), wall: performance.timeOrigin + performance.now() };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('not ready within 60 s');
}

async function scenarioReady() {
  const ready = await waitReady(opts.urls[0]);
  const started = Number(opts['started-at-ms']);
  console.log(`READY_MS=${fmt(ready.wall - started)}`);
  return ready;
}

async function scenarioEarlyRollbacks() {
  const base = opts.urls[0];
  if (!opts.agent) throw new Error('--agent (made by the setup scenario on an earlier server) is required');
  const started = Number(opts['started-at-ms']);
  const ready = await waitReady(base);
  log(`ready ${fmt(ready.wall - started)} ms after the process started`);
  const rehearsals = [];
  for (let i = 0; i < opts.rehearse; i++) {
    const t = monoMs();
    await post(base, { agent: mutationPool, token: ADMIN, query: doc.REHEARSE, variables: { agent: opts.agent, environment: opts.environment }, timeoutMs: 15_000 });
    rehearsals.push(monoMs() - t);
  }
  if (rehearsals.length) log(`${rehearsals.length} DRY_RUN drills: ${rehearsals.map(fmt).join(', ')} ms`);
  const pollers = new Pollers(base, ADMIN, opts.agent, opts.environment, opts.pollers);
  await withTimeout(pollers.ready(), 10_000, 'pollers not ready');
  const pollersReady = monoMs() - ready.mono;
  const rows = [];
  const cpuStart = serverCpu();
  for (let i = 0; i < opts.rollbacks && monoMs() - ready.mono < opts['ready-within-s'] * 1000; i++) {
    for (const kind of ['rollback', 'deploy']) {
      const cpu0 = sumCpu(serverCpu());
      const c = await change(base, kind, 2);
      const seen = await withTimeout(pollers.seen(c.gen), opts['delivery-timeout-ms'], `generation ${c.gen} not seen`);
      const d = diffCpu(sumCpu(serverCpu()), cpu0);
      rows.push({ i, kind, gen: c.gen, sinceReady: c.t0 - ready.mono, wallStart: c.wall0, all: seen.last - c.t0,
        first: seen.first - c.t0, answered: c.answeredAt - c.t0, commitMillis: c.commitMillis,
        srvCpu: d.total, srvJit: d.jitC1 + d.jitC2, srvGc: d.gc });
    }
  }
  const cpuAll = diffCpu(sumCpu(serverCpu()), sumCpu(cpuStart));
  const span = rows.length ? rows[rows.length - 1].sinceReady - rows[0].sinceReady : 0;
  await pollers.stop();
  const rb = rows.filter((x) => x.kind === 'rollback');
  const fw = rows.filter((x) => x.kind === 'deploy');
  console.log(`\n### early rollbacks: ${rb.length} rollbacks (+ ${fw.length} roll-forwards) from ${fmt(rows[0]?.sinceReady)} ms to `
    + `${fmt(rows.at(-1)?.sinceReady)} ms after ready, ${opts.pollers} pollers${opts.label ? ` (${opts.label})` : ''}\n`);
  console.log(`process start → ready: ${fmt(ready.wall - started)} ms; pollers all answering ${fmt(pollersReady)} ms after ready\n`);
  console.log(summaryTable([
    [`**all ${opts.pollers} pollers have the rollback**`, summarize(rb.map((x) => x.all))],
    ['first poller has the rollback', summarize(rb.map((x) => x.first))],
    ['rollback mutation answered', summarize(rb.map((x) => x.answered))],
    ['rollback commitMillis', summarize(rb.map((x) => x.commitMillis))],
    ['all pollers have the roll-forward', summarize(fw.map((x) => x.all))],
    ['poll round trip', summarize(pollers.rtt)],
    ['server CPU per rollback', summarize(rb.map((x) => x.srvCpu))],
    ['… of it JIT compiler threads', summarize(rb.map((x) => x.srvJit))],
  ]));
  console.log(`\nserver CPU over the ${fmt(span)} ms of changes: ${fmt(cpuAll.total)} ms, of it JIT ${fmt(cpuAll.jitC1 + cpuAll.jitC2)} ms (C2 ${fmt(cpuAll.jitC2)}), GC/VM ${fmt(cpuAll.gc)} ms`);
  console.log('\nrollbacks in order (ms since ready → all pollers ms): '
    + rb.map((x) => `${fmt(x.sinceReady)}→${fmt(x.all)}`).join(', '));
  const p99 = summarize(rb.map((x) => x.all)).p99;
  console.log(`\nTARGET rollback → all ${opts.pollers} pollers, p99 < 50 ms within ${opts['ready-within-s']} s of ready: p99 ${fmt(p99)} ms over ${rb.length} → ${verdict(p99 < 50 && rb.length >= Math.min(opts.rollbacks, 20))}`);
  writeOut({ scenario: 'early-rollbacks', label: opts.label, readyMs: ready.wall - started, rows, cpuAll });
}

// -------------------------------------------------------------------------------------------------- route-load
async function scenarioRouteLoad() {
  const base = opts.urls[0];
  const slug = opts.agent ?? `scale-${Date.now().toString(36)}`;
  if (!opts.agent) await createAgent(base, ADMIN, slug, { versions: 2, stable: 2 });
  const pid = opts.pids[0];
  const end = monoMs() + opts.seconds * 1000;
  const pool = httpAgent(opts.connections);
  let count = 0, errors = 0, maxRss = rssKb(pid);
  const rtt = [];
  const rssTimer = setInterval(() => { maxRss = Math.max(maxRss, rssKb(pid)); }, 200);
  const cpu0 = threadCpuMs(pid);
  const t0 = monoMs();
  await Promise.all(Array.from({ length: opts.connections }, async (_, i) => {
    let k = 0;
    while (monoMs() < end) {
      const s = monoMs();
      try {
        await post(base, { agent: pool, token: ADMIN, query: doc.ROUTE, raw: true, timeoutMs: 10_000,
          variables: { agent: slug, environment: opts.environment, routingKey: `user-${i}-${k++ % 64}` } });
        count++;
        rtt.push(monoMs() - s);
      } catch { errors++; }
    }
  }));
  const secs = (monoMs() - t0) / 1000;
  clearInterval(rssTimer);
  maxRss = Math.max(maxRss, rssKb(pid));
  const cpu = diffCpu(threadCpuMs(pid), cpu0);
  pool.destroy();
  console.log(`\n### route-load: ${opts.connections} keep-alive connections, closed loop, ${fmt(secs)} s${opts.label ? ` (${opts.label})` : ''}\n`);
  console.log(`${fmt(count / secs)} route()/s, ${errors} errors, server CPU ${fmt(cpu.total / 1000 / secs)} cores (JIT ${fmt((cpu.jitC1 + cpu.jitC2) / 1000 / secs)}, GC ${fmt(cpu.gc / 1000 / secs)})`);
  console.log(summaryTable([['route() round trip', summarize(rtt)]]));
  console.log(`\nRSS_MAX_MB=${fmt(maxRss / 1024)}`);
  writeOut({ scenario: 'route-load', label: opts.label, rate: count / secs, errors, maxRssKb: maxRss, rtt: summarize(rtt) });
}

const scenarios = {
  setup: scenarioSetup, realistic: scenarioRealistic, instances: scenarioInstances,
  'early-rollbacks': scenarioEarlyRollbacks, ready: scenarioReady, 'route-load': scenarioRouteLoad,
};
const run = scenarios[opts.scenario];
if (!run) throw new Error(`unknown scenario ${opts.scenario}; one of ${Object.keys(scenarios).join(', ')}`);
try {
  await run();
  mutationPool.destroy();
  process.exit(0);
} catch (e) {
  console.error(`FAILED: ${e.stack ?? e}`);
  process.exit(1);
}
