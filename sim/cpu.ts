import { performance } from 'node:perf_hooks';

let sink = 0;

/**
 * Burns `ms` of real CPU time synchronously (a fault, not a model of service time). It counts
 * process CPU time rather than wall time, so a descheduled process still burns the full amount;
 * a wall-time cap of 20 × `ms` bounds it on a starved machine.
 */
export function burnCpu(ms: number): void {
  if (ms <= 0) return;
  const start = process.cpuUsage();
  const targetUs = ms * 1000;
  const wallEnd = performance.now() + ms * 20;
  let x = sink;
  for (;;) {
    for (let i = 0; i < 2000; i++) x = (x * 1103515245 + 12345) % 2147483648;
    const d = process.cpuUsage(start);
    if (d.user + d.system >= targetUs || performance.now() > wallEnd) break;
  }
  sink = x;
}
