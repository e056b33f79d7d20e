// `pnpm tsx bench/cpu-per-request.ts [--runs N] [--seconds S] [--prof DIR]`: generator CPU µs per
// request of the closed-loop static-spec path (64 VUs / 64 connections against nginx), measured with
// `process.cpuUsage()` in the run-load worker. Far less noisy than req/s on a shared machine;
// used to judge each hot-path change. `--prof DIR` writes a V8 CPU profile of each run into DIR.
import { parseArgs } from 'node:util';
import { startNginx } from './lib/nginx.ts';
import { killAllChildren } from './lib/proc.ts';
import { defaultPinning, load1 } from './lib/context.ts';
import { runLoadChild } from './lib/workers.ts';
import { cpus } from 'node:os';
import { THROUGHPUT_VUS } from './throughput.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, seconds: { type: 'string', default: '3' }, prof: { type: 'string' } } });
  const runs = Number(values.runs);
  const durationS = Number(values.seconds);
  const pin = defaultPinning(cpus().length);
  const nginx = await startNginx(pin.targetCpu);
  const flags = values.prof === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${values.prof}`];
  const perReq: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const l = load1();
      const out = await runLoadChild(pin.generatorCpu, { url: nginx.url, model: { type: 'concurrency', vus: THROUGHPUT_VUS, durationS }, connections: THROUGHPUT_VUS, warmupS: 0 }, flags);
      const s = out.summary;
      // no warm-up: every request of the run is in the summary (CPU includes start and close)
      const rps = s.requests.ok / s.durationS;
      const us = (out.cpuS * 1e6) / s.requests.sent;
      perReq.push(us);
      process.stdout.write(`run ${i + 1}: ${Math.round(rps)} req/s, ${us.toFixed(2)} µs CPU/request, errors ${s.requests.failed + s.requests.dropped}, valid ${s.generator.valid}, load ${l}\n`);
    }
  } finally {
    await nginx.stop();
  }
  const sorted = [...perReq].sort((a, b) => a - b);
  process.stdout.write(`median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} µs/request (min ${sorted[0]!.toFixed(2)})\n`);
}

main().catch((err: unknown) => {
  killAllChildren();
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
