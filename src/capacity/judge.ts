import type { RunSummary, TimelineEntry } from '../result/types.ts';
import { evaluateSlo } from '../slo/evaluate.ts';
import { formatSloCheck } from '../slo/format.ts';
import type { Slo } from '../slo/types.ts';
import type { CapacityStep } from './types.ts';

/** What makes a step stable besides the SLO. */
export interface StabilityRule {
  /** @default 0.01 */
  maxErrorRate: number;
  /** achieved / target. @default 0.95 */
  minRateRatio: number;
}

function resourcesOver(timeline: readonly TimelineEntry[], fromS: number, toS: number): CapacityStep['resources'] {
  const acc: Record<string, { max: number; sum: number; n: number }> = {};
  for (const e of timeline) {
    if (!e.resources || e.t < fromS || e.t > toS) continue;
    for (const [k, v] of Object.entries(e.resources)) {
      if (!Number.isFinite(v)) continue;
      const a = (acc[k] ??= { max: -Infinity, sum: 0, n: 0 });
      a.max = Math.max(a.max, v);
      a.sum += v;
      a.n++;
    }
  }
  const keys = Object.keys(acc);
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, { max: acc[k]!.max, mean: acc[k]!.sum / acc[k]!.n }]));
}

/**
 * Iterations completed ok per second during the hold: what the target actually delivered. Seconds
 * in the first `lagS` of the hold are skipped (their completions were started during the ramp);
 * falls back to the whole hold, then to the iterations of the hold that ended ok.
 */
export function completionRate(summary: RunSummary, lagS: number): number {
  const { fromS, toS } = summary.window;
  const pick = (from: number) => summary.timeline.filter((e) => e.t >= from && e.t + 1 <= toS + 1e-9);
  let entries = pick(fromS + Math.ceil(Math.max(0, lagS)));
  if (entries.length === 0) entries = pick(fromS);
  if (entries.length > 0) return entries.reduce((a, e) => a + e.ok, 0) / entries.length;
  const windowS = Math.max(0, toS - fromS);
  return windowS > 0 ? summary.requests.ok / windowS : 0;
}

/**
 * Turns the run summary of one held rate into a capacity step. `lagS` is the typical iteration
 * duration (unloaded p50): completions that late into the hold still reflect the ramp.
 */
export function judgeStep(
  summary: RunSummary,
  targetRps: number,
  slo: Slo,
  rule: StabilityRule,
  phase: CapacityStep['phase'],
  lagS = 0,
): CapacityStep {
  const result = evaluateSlo(summary, slo);
  const failures = result.checks.filter((c) => !c.passed).map((c) => formatSloCheck(c));
  if (!(summary.errorRate < rule.maxErrorRate)) {
    failures.push(`error rate ${(summary.errorRate * 100).toFixed(2)}% ≥ ${(rule.maxErrorRate * 100).toFixed(2)}%`);
  }
  const achieved = completionRate(summary, lagS);
  if (!(achieved >= rule.minRateRatio * targetRps)) {
    failures.push(`completed ok ${achieved.toFixed(1)}/s < ${Math.round(rule.minRateRatio * 100)}% of ${targetRps}/s`);
  }
  const generatorValid = summary.generator.valid;
  const step: CapacityStep = {
    targetRps,
    achievedRps: Math.round(achieved * 100) / 100,
    sentRps: summary.throughput.achievedRps,
    p50: summary.latencyMs.p50,
    p95: summary.latencyMs.p95,
    p99: summary.latencyMs.p99,
    errorRate: summary.errorRate,
    passed: failures.length === 0 && generatorValid,
    phase,
    generatorValid,
    failures,
    errors: { ...summary.errors },
  };
  const res = resourcesOver(summary.timeline, summary.window.fromS, summary.window.toS);
  if (res) step.resources = res;
  return step;
}
