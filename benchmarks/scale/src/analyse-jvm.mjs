// Correlates the changes of a realistic run with what the server's JVM did meanwhile: safepoint pauses (GC and
// others, from -Xlog:gc*,safepoint), JIT compilations started (from -Xlog:jit+compilation=debug), and the CPU of
// the JIT and GC threads the client sampled (/proc schedstat). Also counts Vert.x blocked-thread warnings in the
// app log of the same folder.
//
//   node src/analyse-jvm.mjs RESULT.json GC.log [JIT.log] [APP.log]
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { summarize, summaryTable, table, fmt, correlation } from './stats.mjs';

const [resultFile, ...logs] = process.argv.slice(2);
const result = JSON.parse(readFileSync(resultFile, 'utf8'));
const gcLog = logs.find((f) => /gc[^/]*\.log$/.test(f));
const jitLog = logs.find((f) => /jit[^/]*\.log$/.test(f));
const appLog = logs.find((f) => /app[^/]*\.log$/.test(f)) ?? join(dirname(resultFile), 'app.log');

const TS = /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})([+-]\d\d)(\d\d)\]\[([\d.]+)s\]/;
function wallOf(line) {
  const m = TS.exec(line);
  return m ? Date.parse(`${m[1]}${m[2]}:${m[3]}`) : NaN;
}

// safepoints: logged when they end; "Total: N ns" is the whole stop, from the request to the end
const pauses = [];
const gcPauses = [];
if (gcLog && existsSync(gcLog)) {
  for (const line of readFileSync(gcLog, 'utf8').split('\n')) {
    const sp = /\[safepoint *\] Safepoint "([^"]+)".*Total: (\d+) ns/.exec(line);
    if (sp) {
      const end = wallOf(line);
      const ms = Number(sp[2]) / 1e6;
      pauses.push({ start: end - ms, end, ms, what: sp[1] });
      continue;
    }
    const gc = /\[gc *\] GC\(\d+\) (Pause [^(]+(?:\([^)]*\))*).* (\d+(?:\.\d+)?)ms$/.exec(line);
    if (gc) {
      const end = wallOf(line);
      gcPauses.push({ start: end - Number(gc[2]), end, ms: Number(gc[2]), what: gc[1].trim() });
    }
  }
}
const compilations = [];
if (jitLog && existsSync(jitLog)) {
  for (const line of readFileSync(jitLog, 'utf8').split('\n')) {
    const m = /\]\[jit,compilation *\]\s+(\d+)\s+([%sbn!]*)\s*(\d)\s+(\S+)/.exec(line);
    if (m) compilations.push({ at: wallOf(line), level: Number(m[3]), method: m[4] });
  }
}
const blocked = existsSync(appLog)
  ? readFileSync(appLog, 'utf8').split('\n').filter((l) => /has been blocked for/.test(l)) : [];

function overlap(list, a, b) {
  let ms = 0, n = 0;
  for (const p of list) {
    const o = Math.min(b, p.end) - Math.max(a, p.start);
    if (o > 0) { ms += o; n++; }
  }
  return { ms, n };
}

const it = result.iterations;
const rows = it.map((x) => {
  const a = x.wallStart;
  const b = x.wallStart + x.allSubs;
  const sp = overlap(pauses, a, b);
  const gc = overlap(gcPauses, a, b);
  const comp = compilations.filter((c) => c.at >= a && c.at <= b);
  return { ...x, pauseMs: sp.ms, pauses: sp.n, gcPauseMs: gc.ms, comps: comp.length, compsC2: comp.filter((c) => c.level === 4).length };
});

console.log(`\n### JVM during the changes (${it.length} changes; ${pauses.length} safepoints and ${gcPauses.length} GC pauses in the log, `
  + `${compilations.length} compilations, ${blocked.length} blocked-thread warnings)\n`);
const allSafepoint = summarize(pauses.map((p) => p.ms));
console.log(`safepoints over the whole run: ${pauses.length}, total ${fmt(pauses.reduce((s, p) => s + p.ms, 0))} ms, p50 ${fmt(allSafepoint.p50)} / p99 ${fmt(allSafepoint.p99)} / max ${fmt(allSafepoint.max)} ms`);
const byKind = {};
for (const p of pauses) { byKind[p.what] ??= { n: 0, ms: 0 }; byKind[p.what].n++; byKind[p.what].ms += p.ms; }
console.log(`by kind: ${Object.entries(byKind).sort((x, y) => y[1].ms - x[1].ms).slice(0, 8).map(([k, v]) => `${k} ${v.n}× ${fmt(v.ms)} ms`).join(', ')}`);
const first = it[0]?.wallStart, last = it.at(-1) ? it.at(-1).wallStart + it.at(-1).windowMs : NaN;
const during = compilations.filter((c) => c.at >= first && c.at <= last);
console.log(`compilations while the changes ran: ${during.length} (C2: ${during.filter((c) => c.level === 4).length}); before the first change: ${compilations.filter((c) => c.at < first).length}`);

const sorted = [...rows].sort((x, y) => y.allSubs - x.allSubs);
const k = Math.max(1, Math.round(rows.length * 0.1));
const slow = sorted.slice(0, k), rest = sorted.slice(k);
const mean = (xs, f) => xs.reduce((s, x) => s + f(x), 0) / Math.max(1, xs.length);
console.log(`\nthe slowest tenth (${k} changes) against the rest:\n`);
console.log(table(['', 'all subs ms', 'safepoint ms in window', 'GC pause ms in window', 'compilations started', 'C2 compilations', 'JIT CPU ms', 'GC/VM CPU ms', 'server CPU ms', 'client CPU ms'],
  [['slowest tenth (mean)', ...[(x) => x.allSubs, (x) => x.pauseMs, (x) => x.gcPauseMs, (x) => x.comps, (x) => x.compsC2, (x) => x.srvJit, (x) => x.srvGc, (x) => x.srvCpu, (x) => x.clientCpu].map((f) => mean(slow, f))],
   ['the rest (mean)', ...[(x) => x.allSubs, (x) => x.pauseMs, (x) => x.gcPauseMs, (x) => x.comps, (x) => x.compsC2, (x) => x.srvJit, (x) => x.srvGc, (x) => x.srvCpu, (x) => x.clientCpu].map((f) => mean(rest, f))]]));
const ys = rows.map((x) => x.allSubs);
console.log('\ncorrelation (Pearson r) of "all subscribers have it" with:');
for (const [label, f] of [['safepoint time in the window', (x) => x.pauseMs], ['compilations started in the window', (x) => x.comps],
  ['JIT CPU in the window', (x) => x.srvJit], ['GC/VM CPU in the window', (x) => x.srvGc], ['server CPU in the window', (x) => x.srvCpu],
  ['client CPU in the window', (x) => x.clientCpu], ['position in the run', (x) => x.i], ['mutation answered', (x) => x.answered]]) {
  console.log(`  ${label}: r = ${fmt(correlation(ys, rows.map(f)))}`);
}
console.log('\nslowest changes:\n');
console.log(table(['#', 'kind', 'all subs ms', 'answered ms', 'safepoints (ms)', 'compilations (C2)', 'JIT CPU ms', 'GC CPU ms', 'server CPU ms', 'client CPU ms'],
  sorted.slice(0, 10).map((x) => [String(x.i), x.kind, x.allSubs, x.answered, `${x.pauses} (${fmt(x.pauseMs)})`, `${x.comps} (${x.compsC2})`, x.srvJit, x.srvGc, x.srvCpu, x.clientCpu])));
if (blocked.length) {
  console.log('\nblocked-thread warnings:');
  for (const l of blocked.slice(0, 5)) console.log(`  ${l.slice(0, 220)}`);
}
console.log(summaryTable([['safepoint time inside a change window', summarize(rows.map((x) => x.pauseMs))],
  ['compilations started inside a change window', summarize(rows.map((x) => x.comps))]], 'ms or count'));
