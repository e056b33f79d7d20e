// Child process: one runLoad run described by a JSON job (argv[2]); prints one JSON line.
// Run in its own process so its CPU time and memory are the generator's alone.
import { runLoad } from '../../src/index.ts';
import type { LoadModel, RunSummary } from '../../src/index.ts';

export interface RunLoadJob {
  url: string;
  model: LoadModel;
  connections?: number;
  maxInFlight?: number;
  warmupS?: number;
  timeoutMs?: number;
  /** Raises the engine's per-process rate bound, to measure the generator past it. */
  maxRatePerS?: number;
  /** Seconds after recording starts at which to sample memory (RSS and heap). */
  memoryAtS?: number[];
}

export interface MemorySample {
  atS: number;
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  /** Heap used right after a full GC (only when the worker runs with --expose-gc): what is retained. */
  heapAfterGcBytes?: number;
}

export interface RunLoadOutput {
  summary: Omit<RunSummary, 'histograms'>;
  /** Generator CPU seconds (user + system) over the whole run, warm-up included. */
  cpuS: number;
  wallS: number;
  memory: MemorySample[];
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as RunLoadJob;
  const warmupS = job.warmupS ?? 1;
  const memory: MemorySample[] = [];
  const t0 = performance.now();
  const timers = (job.memoryAtS ?? []).map((atS) =>
    setTimeout(() => {
      const m = process.memoryUsage();
      const sample: MemorySample = { atS, rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external + m.arrayBuffers };
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc !== undefined) {
        gc();
        sample.heapAfterGcBytes = process.memoryUsage().heapUsed;
      }
      memory.push(sample);
    }, (warmupS + atS) * 1000),
  );
  const cpu0 = process.cpuUsage();
  const summary = await runLoad({
    name: 'bench',
    scenario: { url: job.url },
    model: job.model,
    connections: job.connections,
    maxInFlight: job.maxInFlight,
    warmupS,
    timeoutMs: job.timeoutMs ?? 10_000,
    abortOnFail: false,
    ...(job.maxRatePerS !== undefined ? { maxRatePerS: job.maxRatePerS } : {}),
  });
  const cpu = process.cpuUsage(cpu0);
  for (const t of timers) clearTimeout(t);
  const { histograms: _h, ...rest } = summary;
  const out: RunLoadOutput = { summary: rest, cpuS: (cpu.user + cpu.system) / 1e6, wallS: (performance.now() - t0) / 1000, memory };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`run-load worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
