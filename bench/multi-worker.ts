// `pnpm bench --only workers`: what `runLoad({ workers })` buys on this machine, against nginx.
import { runLoad, type RunSummary } from '../src/index.ts';
import { load1, table, type BenchContext } from './lib/context.ts';
import { startNginx } from './lib/nginx.ts';
import { round } from './lib/stats.ts';

/** Asked of the open model: far above what one process sends, so the achieved rate is the ceiling. */
export const OPEN_ASK_RPS = 60_000;
export const CLOSED_VUS = 64;

export interface WorkersRow {
  model: 'open' | 'closed';
  workers: number;
  askedRps: number | null;
  sentRps: number;
  okRps: number;
  p99DispatchLagMs: number;
  p50Ms: number;
  p99Ms: number;
  valid: boolean;
  notes: string[];
  nginxCores: number;
  load1: number;
}

export interface WorkersResult {
  durationS: number;
  rows: WorkersRow[];
  cores: number;
}

async function once(ctx: BenchContext, url: string, model: 'open' | 'closed', workers: number, durationS: number): Promise<RunSummary> {
  return runLoad({
    name: `bench-${model}-${workers}`,
    scenario: { url },
    model: model === 'open'
      ? { type: 'arrival-rate', startRate: OPEN_ASK_RPS, stages: [{ durationS, target: OPEN_ASK_RPS }] }
      : { type: 'concurrency', vus: CLOSED_VUS, durationS },
    connections: model === 'open' ? 256 : CLOSED_VUS,
    maxInFlight: model === 'open' ? 4096 : undefined,
    warmupS: 1,
    timeoutMs: 10_000,
    abortOnFail: false,
    // 60,000/s is above the engine's per-process bound on purpose: the bench measures the ceiling.
    maxRatePerS: OPEN_ASK_RPS,
    ...(workers > 1 ? { workers } : {}),
  });
}

/**
 * Open-model ceiling (60,000/s asked) and closed-loop rate (64 VUs) with 1 and 2 generator
 * processes against one nginx worker. Nothing is pinned: with 2 cores, 2 workers and nginx share
 * them, so this measures what a second process gains on this machine, not on a bigger one.
 */
export async function benchWorkers(ctx: BenchContext): Promise<WorkersResult> {
  const durationS = ctx.quick ? 3 : 5;
  const nginx = await startNginx(undefined);
  const rows: WorkersRow[] = [];
  try {
    for (let rep = 0; rep < ctx.runs; rep++) {
      for (const model of ['open', 'closed'] as const) {
        for (const workers of [1, 2]) {
          const l = load1();
          const n0 = nginx.cpuS();
          const s = await once(ctx, nginx.url, model, workers, durationS);
          const row: WorkersRow = {
            model,
            workers,
            askedRps: model === 'open' ? OPEN_ASK_RPS : null,
            sentRps: round(s.throughput.sentRps ?? 0, 0),
            okRps: round(s.throughput.achievedRps, 0),
            p99DispatchLagMs: s.generator.p99DispatchLagMs,
            p50Ms: s.latencyMs.p50,
            p99Ms: s.latencyMs.p99,
            valid: s.generator.valid,
            notes: s.generator.notes,
            nginxCores: round((nginx.cpuS() - n0) / (durationS + 1.5), 2),
            load1: l,
          };
          rows.push(row);
          ctx.log(`workers ${model} ×${workers}: sent ${row.sentRps}/s, ok ${row.okRps}/s, valid ${row.valid}, nginx ${row.nginxCores} cores (load ${l})`);
        }
      }
    }
  } finally {
    await nginx.stop();
  }
  return { durationS, rows, cores: (await import('node:os')).cpus().length };
}

export function formatWorkers(r: WorkersResult): string {
  return [
    `${r.durationS} s recorded after 1 s warm-up, against one nginx worker, nothing pinned: the generator processes and nginx share the machine's ${r.cores} cores.`,
    '',
    table(
      ['model', 'workers', 'asked /s', 'sent /s', 'ok /s', 'p99 dispatch lag ms', 'p50 / p99 ms', 'valid', 'nginx cores', 'load1'],
      r.rows.map((x) => [x.model, x.workers, x.askedRps ?? `${CLOSED_VUS} VUs`, x.sentRps, x.okRps, x.p99DispatchLagMs, `${x.p50Ms} / ${x.p99Ms}`, x.valid ? 'yes' : 'no', x.nginxCores, x.load1]),
    ),
  ].join('\n');
}
