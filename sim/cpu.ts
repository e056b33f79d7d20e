import { performance } from 'node:perf_hooks';

let sink = 0;

/** Burns real CPU synchronously for `ms` milliseconds (a fault, not a model of service time). */
export function burnCpu(ms: number): void {
  if (ms <= 0) return;
  const end = performance.now() + ms;
  let x = sink;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) x = (x * 1103515245 + 12345) % 2147483648;
  }
  sink = x;
}
