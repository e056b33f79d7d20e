import { fmtSpread, load1, table, type BenchContext } from './lib/context.ts';
import { startNginx } from './lib/nginx.ts';
import { round, spread, type Spread } from './lib/stats.ts';
import { runLoadChild } from './lib/workers.ts';

export const MEMORY_RATE = 2_000;
/** RSS growth between the two samples still counted as "no growth" (allocator noise). */
export const GROWTH_TOLERANCE_MB = 3;
const MB = 1024 * 1024;

export interface MemoryRep {
  earlyAtS: number;
  lateAtS: number;
  rssEarlyMb: number;
  rssLateMb: number;
  heapEarlyMb: number;
  heapLateMb: number;
  rssGrowthMb: number;
  heapGrowthMb: number;
  /** Heap retained after a full GC at each sample point, and its growth: the leak indicator. */
  heapAfterGcEarlyMb: number;
  heapAfterGcLateMb: number;
  heapAfterGcGrowthMb: number;
  /** Every sample, for the curve. */
  samples: { atS: number; rssMb: number; heapMb: number }[];
  achievedRps: number;
  valid: boolean;
  /** Generator notes (why a run was flagged invalid). */
  notes: string[];
  load1: number;
}

export interface MemoryResult {
  ratePerS: number;
  durationS: number;
  reps: MemoryRep[];
  rssLateMb: Spread;
  rssGrowthMb: Spread;
  heapGrowthMb: Spread;
  heapAfterGcGrowthMb: Spread;
  target: { toleranceMb: number; met: boolean };
}

/**
 * Generator memory at a steady 2,000 req/s against nginx, in a fresh child process (so RSS is
 * the generator's alone), sampled at 10 s and 60 s of recording (5 s and 15 s with --quick).
 */
export async function benchMemory(ctx: BenchContext): Promise<MemoryResult> {
  const early = ctx.quick ? 5 : 10;
  const late = ctx.quick ? 15 : 60;
  const durationS = late + 1;
  const at: number[] = [];
  for (let t = 5; t <= late; t += 5) at.push(t);
  if (!at.includes(early)) at.push(early);
  at.sort((a, b) => a - b);
  const nginx = await startNginx(ctx.pin.targetCpu);
  const reps: MemoryRep[] = [];
  try {
    for (let i = 0; i < ctx.runs; i++) {
      const l = load1();
      const out = await runLoadChild(ctx.pin.generatorCpu, {
        url: nginx.url,
        model: { type: 'arrival-rate', startRate: MEMORY_RATE, stages: [{ durationS, target: MEMORY_RATE }] },
        warmupS: 1,
        memoryAtS: at,
      }, ['--expose-gc']);
      const find = (t: number) => out.memory.find((m) => m.atS === t);
      const e = find(early);
      const la = find(late);
      if (e === undefined || la === undefined) throw new Error(`memory samples at ${early} s and ${late} s missing (got ${out.memory.map((m) => m.atS).join(', ')})`);
      const rep: MemoryRep = {
        earlyAtS: early,
        lateAtS: late,
        rssEarlyMb: round(e.rssBytes / MB, 1),
        rssLateMb: round(la.rssBytes / MB, 1),
        heapEarlyMb: round(e.heapUsedBytes / MB, 1),
        heapLateMb: round(la.heapUsedBytes / MB, 1),
        rssGrowthMb: round((la.rssBytes - e.rssBytes) / MB, 1),
        heapGrowthMb: round((la.heapUsedBytes - e.heapUsedBytes) / MB, 1),
        heapAfterGcEarlyMb: round((e.heapAfterGcBytes ?? Number.NaN) / MB, 2),
        heapAfterGcLateMb: round((la.heapAfterGcBytes ?? Number.NaN) / MB, 2),
        heapAfterGcGrowthMb: round(((la.heapAfterGcBytes ?? Number.NaN) - (e.heapAfterGcBytes ?? Number.NaN)) / MB, 2),
        samples: out.memory.map((m) => ({ atS: m.atS, rssMb: round(m.rssBytes / MB, 1), heapMb: round(m.heapUsedBytes / MB, 1) })),
        achievedRps: out.summary.throughput.achievedRps,
        valid: out.summary.generator.valid,
        notes: out.summary.generator.notes,
        load1: l,
      };
      reps.push(rep);
      ctx.log(`memory ${i + 1}/${ctx.runs}: RSS ${rep.rssEarlyMb} MB at ${early} s, ${rep.rssLateMb} MB at ${late} s (heap ${rep.heapEarlyMb} → ${rep.heapLateMb} MB) (load ${l})`);
    }
  } finally {
    await nginx.stop();
  }
  const growth = spread(reps.map((r) => r.rssGrowthMb), 1);
  return {
    ratePerS: MEMORY_RATE,
    durationS,
    reps,
    rssLateMb: spread(reps.map((r) => r.rssLateMb), 1),
    rssGrowthMb: growth,
    heapGrowthMb: spread(reps.map((r) => r.heapGrowthMb), 1),
    heapAfterGcGrowthMb: spread(reps.map((r) => r.heapAfterGcGrowthMb), 2),
    target: { toleranceMb: GROWTH_TOLERANCE_MB, met: growth.median <= GROWTH_TOLERANCE_MB },
  };
}

export function formatMemory(r: MemoryResult): string {
  const first = r.reps[0];
  const rows = r.reps.map((x, i) => [
    i + 1,
    x.rssEarlyMb,
    x.rssLateMb,
    x.rssGrowthMb,
    x.heapEarlyMb,
    x.heapLateMb,
    x.heapGrowthMb,
    `${x.heapAfterGcEarlyMb} → ${x.heapAfterGcLateMb} (${x.heapAfterGcGrowthMb})`,
    x.achievedRps,
    x.valid ? 'yes' : 'no',
    x.load1,
  ]);
  const e = first?.earlyAtS ?? 0;
  const l = first?.lateAtS ?? 0;
  const curve = first ? first.samples.map((s) => `${s.atS}s ${s.rssMb}`).join(', ') : '';
  return [
    `${r.ratePerS} req/s open model against nginx, fresh child process, ${r.reps.length} repetitions; MB = MiB.`,
    '',
    table(['rep', `RSS at ${e} s`, `RSS at ${l} s`, 'RSS growth', `heap used at ${e} s`, `heap used at ${l} s`, 'heap growth', 'heap after full GC (growth)', 'achieved req/s', 'valid', 'load1'], rows),
    '',
    `RSS curve of repetition 1 (MB): ${curve}.`,
    `Median RSS growth ${fmtSpread(r.rssGrowthMb, 1)} MB, heap growth ${fmtSpread(r.heapGrowthMb, 1)} MB, heap retained after a full GC ${fmtSpread(r.heapAfterGcGrowthMb, 2)} MB. Target: no RSS growth (≤ ${r.target.toleranceMb} MB allocator noise) ${r.target.met ? 'met' : 'MISSED'}.`,
  ].join('\n');
}
