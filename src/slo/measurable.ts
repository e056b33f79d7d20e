import { MIN_SAMPLES } from './evaluate.ts';
import type { LatencyBounds, Slo } from './types.ts';

/** Fewest samples the SLO's latency and TTFT percentile bounds need (0 without any). */
export function samplesNeeded(slo: Slo): number {
  const stats = [...Object.keys(slo.latencyMs ?? {}), ...Object.keys(slo.ttftMs ?? {}), ...Object.keys(slo.tpotMs ?? {})] as (keyof LatencyBounds)[];
  return Math.max(0, ...stats.map((s) => MIN_SAMPLES[s] ?? 0));
}

/**
 * Drops percentile bounds a run cannot measure (fewer expected samples than the SLO evaluator's
 * minimum), so a short run judges what it can instead of failing on "insufficient samples".
 * `skipped` names the dropped bounds: `latency.p99`, `ttft.p99`, `tpot.p99`.
 */
export function pruneUnmeasurable(slo: Slo, expectedSamples: number): { slo: Slo; skipped: string[] } {
  const skipped: string[] = [];
  const prune = (bounds: LatencyBounds | undefined, prefix: string): LatencyBounds | undefined => {
    if (!bounds) return undefined;
    const out: LatencyBounds = {};
    for (const [stat, value] of Object.entries(bounds) as [keyof LatencyBounds, number][]) {
      if (MIN_SAMPLES[stat] > expectedSamples) skipped.push(`${prefix}.${stat}`);
      else out[stat] = value;
    }
    return out;
  };
  const out: Slo = { ...slo };
  const latency = prune(slo.latencyMs, 'latency');
  const ttft = prune(slo.ttftMs, 'ttft');
  const tpot = prune(slo.tpotMs, 'tpot');
  if (latency) out.latencyMs = latency;
  if (ttft) out.ttftMs = ttft;
  if (tpot) out.tpotMs = tpot;
  return { slo: out, skipped };
}

/**
 * Fewest iterations a window must be expected to complete before the achieved rate is judged
 * against a `minRateRatio` bound: the window's two edges can each hold one iteration more or less,
 * so below 50 a healthy target's rate moves by 2% or more on where its iterations happen to end.
 */
export const MIN_RATE_ITERATIONS = 50;

/**
 * Drops the `minRateRatio` bound when fewer than {@link MIN_RATE_ITERATIONS} iterations are
 * expected in the judged window (`skipped`: `rateRatio`), as {@link pruneUnmeasurable} drops
 * percentiles: a short hold judges what it can instead of failing a healthy target on its edges.
 */
export function pruneUnjudgeableRate(slo: Slo, expectedIterations: number): { slo: Slo; skipped: string[] } {
  if (slo.minRateRatio === undefined || expectedIterations >= MIN_RATE_ITERATIONS) return { slo, skipped: [] };
  const { minRateRatio: _dropped, ...rest } = slo;
  return { slo: rest, skipped: ['rateRatio'] };
}

/** What a run can measure, known before it starts. */
export interface MeasurableBy {
  /** The run reads SSE streams: TTFT, TPOT, stream completion and goodput's ttft/tpot are measured on them. */
  sse: boolean;
  /** Resource keys some sampler of the run gives (`cpuPercent`, ...); undefined: not known here, not judged. */
  resourceKeys?: ReadonlySet<string>;
}

/**
 * The bounds of `slo` a run cannot measure, named as their checks are (`ttft.p95`, `tpot.p99`,
 * `streamCompletion`, `goodput(ttft)`, `resources.cpuPercent`): without SSE streams no TTFT, TPOT or
 * stream completion exists, and a resource no sampler gives has no sample. Such a bound could only
 * fail after the load ("insufficient samples"), so callers refuse it up front, naming their option.
 */
export function unmeasurableBounds(slo: Slo, by: MeasurableBy): string[] {
  const out: string[] = [];
  if (!by.sse) {
    for (const stat of Object.keys(slo.ttftMs ?? {})) out.push(`ttft.${stat}`);
    for (const stat of Object.keys(slo.tpotMs ?? {})) out.push(`tpot.${stat}`);
    if (slo.minStreamCompletion !== undefined) out.push('streamCompletion');
    const streamed = (['ttft', 'tpot'] as const).filter((k) => slo.goodput?.[`${k}Ms`] !== undefined);
    if (streamed.length > 0) out.push(`goodput(${streamed.join(',')})`);
  }
  if (by.resourceKeys !== undefined) {
    for (const key of Object.keys(slo.resources ?? {})) if (!by.resourceKeys.has(key)) out.push(`resources.${key}`);
  }
  return out;
}
