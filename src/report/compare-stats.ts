import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** One run's measure of a metric: its value and the standard error of that value within the run. */
export interface RunMeasure {
  value: number;
  /** Standard error from the run's own samples (a percentile's from its HDR histogram); 0 when unknown. */
  withinSe: number;
}

/** The three verdicts of `perf compare`: "slower", "same", "not enough evidence: run more". */
export type Verdict = 'slower' | 'same' | 'unknown';

export interface ChangeInput {
  base: readonly RunMeasure[];
  head: readonly RunMeasure[];
  /** `relative`: judged on log values, change as a ratio (latency, rate); `absolute`: on values, change in the values' unit (error rate). */
  scale: 'relative' | 'absolute';
  /** Which way is worse: `up` (latency, errors) or `down` (achieved rate). */
  worse: 'up' | 'down';
  /** The smallest worsening that counts, in the change's unit (0.02 = 2% for `relative`). */
  minChange: number;
  /** Two-sided confidence of the interval, e.g. 0.95. */
  confidence: number;
  /** Between-run standard deviation assumed when neither side has two runs (log units for `relative`). */
  priorRunSd: number;
}

export interface ChangeJudgement {
  /** `relative`: head/base − 1 of the runs' geometric means; `absolute`: head − base of their means. */
  change: number;
  /** The confidence interval of `change`, same unit. */
  ci: [number, number];
  verdict: Verdict;
  /** Where the between-run spread came from: the runs themselves or the assumed `priorRunSd`. */
  spread: 'measured' | 'assumed';
  /** Degrees of freedom of the t interval (Infinity: normal). */
  df: number;
}

/** Values this small count as 0 on a log scale (a rate that fell to nothing is a −100% change). */
const FLOOR = 1e-6;

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function sampleVariance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

function transformed(runs: readonly RunMeasure[], scale: ChangeInput['scale']): { x: number[]; within: number[] } {
  if (scale === 'absolute') return { x: runs.map((r) => r.value), within: runs.map((r) => r.withinSe ** 2) };
  return {
    x: runs.map((r) => Math.log(Math.max(r.value, FLOOR))),
    within: runs.map((r) => (r.value > FLOOR ? (r.withinSe / r.value) ** 2 : 0)),
  };
}

function quantile(p: number, df: number): number {
  return tQuantile(p, Number.isFinite(df) ? df : 1e9);
}

/**
 * Judges a change between two sets of runs, as Perfherder's t-test with a minimum change: each run
 * contributes its value; the spread is the runs' own (pooled between the sides, never below what
 * each run's samples allow) when a side has two runs or more, else `priorRunSd` plus the runs'
 * within-run errors. "slower" when the whole interval lies past `minChange`, "same" when it lies
 * below it, "unknown" (not enough evidence) otherwise.
 */
export function judgeChange(input: ChangeInput): ChangeJudgement {
  const b = transformed(input.base, input.scale);
  const h = transformed(input.head, input.scale);
  const nb = b.x.length;
  const nh = h.x.length;
  const withinB = mean(b.within);
  const withinH = mean(h.within);
  let varB: number;
  let varH: number;
  let df: number;
  let spread: ChangeJudgement['spread'] = 'measured';
  if (nb >= 2 || nh >= 2) {
    const ss = (nb >= 2 ? sampleVariance(b.x) * (nb - 1) : 0) + (nh >= 2 ? sampleVariance(h.x) * (nh - 1) : 0);
    df = (nb >= 2 ? nb - 1 : 0) + (nh >= 2 ? nh - 1 : 0);
    const pooled = ss / df;
    varB = Math.max(pooled, withinB);
    varH = Math.max(pooled, withinH);
  } else {
    spread = 'assumed';
    df = Infinity;
    varB = input.priorRunSd ** 2 + withinB;
    varH = input.priorRunSd ** 2 + withinH;
  }
  const d = mean(h.x) - mean(b.x);
  const se = Math.sqrt(varB / nb + varH / nh);
  const half = quantile(1 - (1 - input.confidence) / 2, df) * se;
  const sign = input.worse === 'up' ? 1 : -1;
  const [lo, hi] = [d - half, d + half];
  const worseLo = sign > 0 ? lo : -hi;
  const worseHi = sign > 0 ? hi : -lo;
  const toChange = (v: number) => (input.scale === 'relative' ? Math.expm1(v) : v);
  const minWorse = input.scale === 'relative' ? Math.log1p(input.minChange) : input.minChange;
  const verdict: Verdict = worseLo > minWorse ? 'slower' : worseHi < minWorse ? 'same' : 'unknown';
  return { change: toChange(d), ci: [toChange(lo), toChange(hi)], verdict, spread, df };
}
