// What /proc says about a process: its resident memory, and the CPU time of its threads by kind (schedstat: time
// on a CPU in nanoseconds, finer than the 10 ms ticks of /proc/PID/stat).
import { readFileSync, readdirSync } from 'node:fs';

export function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch { return NaN; }
}

export function hwmKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch { return NaN; }
}

/** HotSpot and Vert.x thread names → a kind. */
export function threadKind(comm) {
  if (/^C[12] CompilerThre/.test(comm)) return comm.startsWith('C2') ? 'jitC2' : 'jitC1';
  if (/^(GC Thread|G1 |VM Thread|VM Periodic)/.test(comm)) return 'gc';
  if (/^vert\.x-eventloo/.test(comm)) return 'eventloop';
  if (/^(executor-thread|vert\.x-worker)/.test(comm)) return 'worker';
  return 'other';
}

/** CPU milliseconds of a process's threads, summed by kind, plus 'total'. */
export function threadCpuMs(pid) {
  const out = { jitC1: 0, jitC2: 0, gc: 0, eventloop: 0, worker: 0, other: 0, total: 0 };
  let tids;
  try { tids = readdirSync(`/proc/${pid}/task`); } catch { return out; }
  for (const tid of tids) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      const ms = ns / 1e6;
      out[threadKind(comm)] += ms;
      out.total += ms;
    } catch { /* the thread ended meanwhile */ }
  }
  return out;
}

export function diffCpu(after, before) {
  const d = {};
  for (const k of Object.keys(after)) d[k] = after[k] - (before[k] ?? 0);
  return d;
}

export function processCpuMs(pid) {
  try { return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6; } catch { return NaN; }
}
