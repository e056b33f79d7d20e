import type { RunSummary, TimelineEntry } from '../result/types.ts';
import { evaluateSlo } from '../slo/evaluate.ts';
import { fmtNumber } from '../report/format.ts';
import type { SloCheck } from '../result/types.ts';
import { checkUnit, formatSloCheck } from '../slo/format.ts';
import type { Slo } from '../slo/types.ts';
import type { Lang } from '../report/messages.ts';
import { ct } from './messages.ts';
import type { CapacityStep } from './types.ts';

/** The goodput ratio a step must reach when the search maximises goodput and the SLO names none (DistServe's 90% attainment). */
export const DEFAULT_GOODPUT_RATIO = 0.9;

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

/** A failed SLO check as a step's failure, in `lang`: `resources.cpuPercent = 92%, expected < 80` (zh: `…，应 < 80`). */
function failureText(check: SloCheck, lang: Lang): string {
  if (lang === 'en' || check.reason) return formatSloCheck(check);
  const unit = checkUnit(check.name);
  const value = `${fmtNumber(check.actual)}${unit === 'ms' ? ' ms' : unit === 'percent' ? '%' : ''}`;
  return ct(lang, 'cap_f_check', { name: check.name, value, bound: check.bound });
}

/** A percentile of the ok requests; NaN (`null` in capacity.json, "n/a" in tables) when none succeeded. */
function okMs(summary: RunSummary, key: 'p50' | 'p95' | 'p99'): number {
  return summary.latencyMs.count > 0 ? summary.latencyMs[key] : NaN;
}

/**
 * Turns the run summary of one held rate into a capacity step. Its completed rate is the engine's
 * `achievedRps`: ok completions in the hold shifted by the iterations' mean duration, so that a
 * step of long iterations after a short ramp is not judged on the ramp's completions.
 */
export function judgeStep(
  summary: RunSummary,
  targetRps: number,
  slo: Slo,
  rule: StabilityRule,
  phase: CapacityStep['phase'],
  lang: Lang = 'en',
  maximize: 'rate' | 'goodput' = 'rate',
): CapacityStep {
  const byGoodput = maximize === 'goodput' && slo.goodput !== undefined;
  // Maximising goodput judges the goodput ratio alone (failures and slow requests are already not good);
  // otherwise an SLO without an error bound takes the rule's (not evaluateSlo's default): one error check, not two.
  // The SLO's rate ratio is judged below with the rule's, on the same achieved rate: one rate check, not two.
  const { minRateRatio: sloRateRatio, ...rest } = slo;
  const judged: Slo = byGoodput
    ? { goodput: { ...slo.goodput, minRatio: slo.goodput!.minRatio ?? DEFAULT_GOODPUT_RATIO }, errorRate: 1 }
    : { ...rest, errorRate: slo.errorRate ?? rule.maxErrorRate };
  const rateRatio = Math.max(rule.minRateRatio, sloRateRatio ?? 0);
  const result = evaluateSlo(summary, judged);
  const failures = result.checks.filter((c) => !c.passed && !(byGoodput && c.name === 'errorRate')).map((c) => failureText(c, lang));
  if (!byGoodput && slo.errorRate !== undefined && !(summary.errorRate < rule.maxErrorRate)) {
    failures.push(ct(lang, 'cap_f_error_rate', { actual: (summary.errorRate * 100).toFixed(2), bound: (rule.maxErrorRate * 100).toFixed(2) }));
  }
  const achieved = summary.throughput.achievedRps;
  if (!byGoodput && !(achieved >= rateRatio * targetRps)) {
    failures.push(ct(lang, 'cap_f_completed', { actual: achieved.toFixed(1), pct: Math.round(rateRatio * 100), rps: targetRps }));
  }
  const generatorValid = summary.generator.valid;
  const step: CapacityStep = {
    targetRps,
    achievedRps: Math.round(achieved * 100) / 100,
    sentRps: summary.throughput.sentRps ?? summary.throughput.achievedRps,
    p50: okMs(summary, 'p50'),
    p95: okMs(summary, 'p95'),
    p99: okMs(summary, 'p99'),
    errorRate: summary.errorRate,
    passed: failures.length === 0 && generatorValid,
    phase,
    generatorValid,
    failures,
    errors: { ...summary.errors },
  };
  if (summary.goodput) {
    step.goodputRatio = summary.goodput.ratio;
    step.goodputRps = summary.goodput.rps;
  }
  const res = resourcesOver(summary.timeline, summary.window.fromS, summary.window.toS);
  if (res) step.resources = res;
  return step;
}
