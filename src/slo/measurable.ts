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
