import { fmtSpread, load1, table, type BenchContext } from './lib/context.ts';
import { startNginx } from './lib/nginx.ts';
import { median, round, spread, stddev, type Spread } from './lib/stats.ts';
import { runLoadChild } from './lib/workers.ts';

/** Rates that must be held within {@link TARGET_ERROR}; the last one is beyond the generator's ceiling. */
export const ACCURACY_RATES = [1_000, 5_000, 10_000];
export const OVERLOAD_RATE = 60_000;
export const TARGET_ERROR = 0.005;

export interface RateRep {
  targetRps: number;
  /** Iterations sent per second (the generator's rate, `throughput.sentRps`). */
  achievedRps: number;
  /** achieved / target. */
  ratio: number;
  /** Per-second `sent` over whole recorded seconds. */
  perSecond: { min: number; max: number; stddev: number };
  valid: boolean;
  notes: string[];
  p99DispatchLagMs: number;
  dropped: number;
  failed: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  cpuS: number;
  load1: number;
}

export interface RateRow {
  rate: number;
  reps: RateRep[];
  ratio: Spread;
  /** Median of each repetition's per-second stddev / min / max. */
  perSecond: { min: number; max: number; stddev: number };
  allValid: boolean;
  /** True when this rate is meant to be flagged invalid (then `met` means every repetition was flagged). */
  overload: boolean;
  met: boolean;
}

export interface RateAccuracyResult {
  durationS: number;
  warmupS: number;
  rows: RateRow[];
}

/** Open model against nginx: how closely the achieved rate follows the target, and whether overload is flagged. */
export async function benchRateAccuracy(ctx: BenchContext): Promise<RateAccuracyResult> {
  const durationS = ctx.quick ? 3 : 10;
  const warmupS = 1;
  const nginx = await startNginx(ctx.pin.targetCpu);
  const rows: RateRow[] = [];
  try {
    for (const rate of [...ACCURACY_RATES, OVERLOAD_RATE]) {
      const reps: RateRep[] = [];
      for (let i = 0; i < ctx.runs; i++) {
        const l = load1();
        const out = await runLoadChild(ctx.pin.generatorCpu, {
          url: nginx.url,
          model: { type: 'arrival-rate', startRate: rate, stages: [{ durationS, target: rate }] },
          warmupS,
          // The overload rate is above the engine's per-process bound on purpose: it measures the ceiling.
          maxRatePerS: Math.max(rate, OVERLOAD_RATE),
        });
        const s = out.summary;
        const secs = s.timeline.filter((e) => e.t < s.durationS).map((e) => e.sent);
        const rep: RateRep = {
          targetRps: s.throughput.targetRps,
          achievedRps: s.throughput.sentRps ?? s.throughput.achievedRps,
          ratio: round((s.throughput.sentRps ?? s.throughput.achievedRps) / s.throughput.targetRps, 5),
          perSecond: { min: Math.min(...secs), max: Math.max(...secs), stddev: round(stddev(secs), 1) },
          valid: s.generator.valid,
          notes: s.generator.notes,
          p99DispatchLagMs: s.generator.p99DispatchLagMs,
          dropped: s.requests.dropped,
          failed: s.requests.failed,
          latencyP50Ms: s.latencyMs.p50,
          latencyP99Ms: s.latencyMs.p99,
          cpuS: round(out.cpuS, 2),
          load1: l,
        };
        reps.push(rep);
        ctx.log(`rate ${rate}/s ${i + 1}/${ctx.runs}: achieved ${rep.achievedRps} (${rep.ratio}), valid ${rep.valid}, p99 lag ${rep.p99DispatchLagMs} ms (load ${l})`);
      }
      const overload = rate === OVERLOAD_RATE;
      const ratio = spread(reps.map((r) => r.ratio), 5);
      const allValid = reps.every((r) => r.valid);
      rows.push({
        rate,
        reps,
        ratio,
        perSecond: {
          min: median(reps.map((r) => r.perSecond.min)),
          max: median(reps.map((r) => r.perSecond.max)),
          stddev: round(median(reps.map((r) => r.perSecond.stddev)), 1),
        },
        allValid,
        overload,
        // accuracy is judged on every repetition; validity is shown per repetition (a busy shared
        // machine can stall the generator once, which the flag must then report)
        met: overload ? reps.every((r) => !r.valid) : reps.every((r) => Math.abs(r.ratio - 1) <= TARGET_ERROR),
      });
    }
  } finally {
    await nginx.stop();
  }
  return { durationS, warmupS, rows };
}

export function formatRateAccuracy(r: RateAccuracyResult): string {
  const rows = r.rows.map((x) => [
    x.rate,
    fmtSpread(spread(x.reps.map((p) => p.achievedRps), 1), 1),
    fmtSpread(x.ratio, 4),
    `${x.perSecond.min} / ${x.perSecond.max} / ${x.perSecond.stddev}`,
    x.reps.map((p) => p.p99DispatchLagMs).join(', '),
    x.reps.map((p) => (p.valid ? 'true' : 'false')).join(', '),
    `${median(x.reps.map((p) => p.latencyP50Ms))} / ${median(x.reps.map((p) => p.latencyP99Ms))}`,
    x.reps.reduce((s, p) => s + p.dropped, 0),
    x.overload ? (x.met ? 'flagged invalid: met' : 'NOT FLAGGED') : x.met ? 'met' : 'MISSED',
  ]);
  const notes = r.rows
    .filter((x) => x.overload)
    .flatMap((x) => x.reps.flatMap((p) => p.notes))
    .slice(0, 3)
    .map((n) => `- ${n}`);
  return [
    `Open model, constant rate, ${r.durationS} s recorded after ${r.warmupS} s warm-up, ${r.rows[0]?.reps.length ?? 0} repetitions per rate.`,
    '',
    table(
      ['target req/s', 'achieved req/s', 'achieved / target', 'per-second sent min / max / stddev', 'p99 dispatch lag ms (each rep)', 'generator.valid (each rep)', 'latency p50 / p99 ms', 'dropped', `target (±${TARGET_ERROR * 100}%)`],
      rows,
    ),
    ...(notes.length ? ['', 'Generator notes at the overload rate:', ...notes] : []),
  ].join('\n');
}
