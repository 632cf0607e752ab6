// Prints the CPU time of a process's threads by kind (JIT compiler, GC/VM, event loops, …): node src/threads.mjs PID
import { threadCpuMs } from './procfs.mjs';
import { fmt } from './stats.mjs';

const cpu = threadCpuMs(Number(process.argv[2]));
console.log(Object.entries(cpu).map(([k, v]) => `${k} ${fmt(v / 1000)} s`).join(', '));
