import { environmentDifferences } from '../result/environment.ts';
import { fmtMs, fmtPct, fmtPp, fmtRps, NO_SAMPLES } from './format.ts';
import type { Comparable, ComparableEntry } from './compare-load.ts';
import type { HeadlineMetrics } from './suite-report.ts';

export { loadComparable } from './compare-load.ts';
export type { Comparable, ComparableEntry } from './compare-load.ts';

/** Regression thresholds; see docs/REPORTS.md for how the defaults were measured. */
export interface CompareThresholds {
  /** Allowed relative increase of p50, e.g. 0.15 = +15%. */
  p50: number;
  p95: number;
  p99: number;
  /** Allowed relative drop of the achieved rate (as a share of the target rate). */
  rate: number;
  /** Allowed absolute increase of the error rate, as a ratio (0.005 = 0.5 percentage points). */
  errorRate: number;
  /** Latency changes smaller than this many ms never count as regressions (sub-ms jitter). */
  minLatencyMs: number;
  /**
   * A percentile is judged only when both runs have at least this many samples above it
   * (p99 of 350 samples rests on 3 of them).
   */
  minTailSamples: number;
}

/**
 * Defaults: about 1.4–2× the worst pair-wise change measured between identical runs (generator
 * healthy) on the shared 2-core machine; docs/REPORTS.md, "How the thresholds were chosen".
 */
export const DEFAULT_THRESHOLDS: CompareThresholds = {
  p50: 0.2,
  p95: 0.5,
  p99: 0.75,
  rate: 0.05,
  errorRate: 0.005,
  minLatencyMs: 2,
  minTailSamples: 5,
};

export type MetricName = 'p50' | 'p95' | 'p99' | 'rate' | 'errorRate';

export interface MetricDiff {
  metric: MetricName;
  /** NaN (`null` in JSON) when the run measured none: a latency with no ok request, an error rate with nothing completed. */
  base: number;
  /** NaN (`null` in JSON) when the run measured none, as `base`. */
  head: number;
  /** Relative change for latency and rate (0.1 = +10%), absolute change for the error rate; NaN when a side measured none. */
  change: number;
  regressed: boolean;
  /** The bound it was judged against, in the change's unit. */
  limit: number;
  /** Set when the metric was not judged: too few samples above the percentile, or a side that measured none. */
  notJudged?: string;
}

export interface EntryDiff {
  key: string;
  label: string;
  metrics: MetricDiff[];
  regressed: boolean;
  notes: string[];
}

export interface CompareResult {
  diffs: EntryDiff[];
  onlyBase: string[];
  onlyHead: string[];
  regressed: boolean;
  /** What differs between the two runs' environments (target version, generator machine, simulator profile). */
  environmentNotes: string[];
}

function relChange(base: number, head: number): number {
  if (base === 0) return head === 0 ? 0 : Infinity;
  return (head - base) / base;
}

const TAIL_SHARE = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

/**
 * Ok requests behind a test's percentiles. Files without `samples` (written before it existed)
 * hold 0 for every percentile when none succeeded: no latency was measured then either.
 */
function okSamples(m: HeadlineMetrics): number {
  if (m.samples !== undefined) return m.samples;
  return m.p50 === 0 && m.p95 === 0 && m.p99 === 0 ? 0 : m.requests;
}

/** Which run measured nothing (`no ok request in HEAD`), or undefined when both did. */
function unmeasured(baseHas: boolean, headHas: boolean, what: string): string | undefined {
  if (baseHas && headHas) return undefined;
  return `${what} in ${!baseHas && !headHas ? 'either run' : baseHas ? 'HEAD' : 'BASE'}`;
}

/** A side that measured nothing: NaN on that side and in the change, not judged, never regressed. */
function notMeasured(metric: MetricName, base: number, head: number, baseHas: boolean, headHas: boolean, limit: number, why: string): MetricDiff {
  return { metric, base: baseHas ? base : NaN, head: headHas ? head : NaN, change: NaN, regressed: false, limit, notJudged: why };
}

/**
 * Compares one test's headline metrics against the thresholds. A run with no ok request has no
 * latency and one with nothing completed no error rate: that side reads NaN (`n/a`), the metric is
 * not judged, and an all-failed run regresses on its error rate and rate instead.
 */
export function diffMetrics(base: HeadlineMetrics, head: HeadlineMetrics, th: CompareThresholds): MetricDiff[] {
  const baseOk = okSamples(base) > 0;
  const headOk = okSamples(head) > 0;
  const noLatency = unmeasured(baseOk, headOk, 'no ok request');
  const samples = Math.min(base.samples ?? base.requests, head.samples ?? head.requests);
  const out: MetricDiff[] = (['p50', 'p95', 'p99'] as const).map((m) => {
    if (noLatency !== undefined) return notMeasured(m, base[m], head[m], baseOk, headOk, th[m], `${noLatency}: no latency`);
    const change = relChange(base[m], head[m]);
    const tail = Math.floor(samples * (1 - TAIL_SHARE[m]));
    const notJudged = tail < th.minTailSamples ? `${samples} samples, ${tail} above ${m} (< ${th.minTailSamples})` : undefined;
    const regressed = !notJudged && head[m] - base[m] >= th.minLatencyMs && change > th[m];
    return { metric: m, base: base[m], head: head[m], change, regressed, limit: th[m], ...(notJudged ? { notJudged } : {}) };
  });
  const baseRatio = base.targetRps > 0 ? base.achievedRps / base.targetRps : 1;
  const headRatio = head.targetRps > 0 ? head.achievedRps / head.targetRps : 1;
  const rateChange = relChange(base.achievedRps, head.achievedRps);
  out.push({ metric: 'rate', base: base.achievedRps, head: head.achievedRps, change: rateChange, regressed: baseRatio - headRatio > th.rate, limit: -th.rate });
  const noErrorRate = unmeasured(base.completed !== 0, head.completed !== 0, 'nothing completed');
  if (noErrorRate !== undefined) {
    out.push(notMeasured('errorRate', base.errorRate, head.errorRate, base.completed !== 0, head.completed !== 0, th.errorRate, `${noErrorRate}: no error rate`));
    return out;
  }
  const errChange = head.errorRate - base.errorRate;
  out.push({ metric: 'errorRate', base: base.errorRate, head: head.errorRate, change: errChange, regressed: errChange > th.errorRate, limit: th.errorRate });
  return out;
}

/** Pairs tests by endpoint and scenario (two single runs pair whatever their names) and diffs them. */
export function compareRuns(base: Comparable, head: Comparable, th: CompareThresholds = DEFAULT_THRESHOLDS): CompareResult {
  const headBy = new Map(head.entries.map((e) => [e.key, e]));
  const pairs: [ComparableEntry, ComparableEntry][] = [];
  if (base.entries.length === 1 && head.entries.length === 1) pairs.push([base.entries[0]!, head.entries[0]!]);
  else for (const b of base.entries) if (headBy.has(b.key)) pairs.push([b, headBy.get(b.key)!]);
  const paired = new Set(pairs.flatMap(([b, h]) => [`b:${b.key}`, `h:${h.key}`]));
  const diffs = pairs.map(([b, h]) => {
    const metrics = diffMetrics(b.metrics, h.metrics, th);
    const notes: string[] = [];
    if (!h.metrics.generatorValid || !b.metrics.generatorValid) notes.push('generator overloaded in one run: latency not comparable');
    if (b.metrics.targetRps !== h.metrics.targetRps) notes.push(`target rate differs: ${fmtRps(b.metrics.targetRps)} → ${fmtRps(h.metrics.targetRps)} /s`);
    return { key: h.key, label: h.label === b.label ? h.label : `${b.label} → ${h.label}`, metrics, regressed: metrics.some((m) => m.regressed), notes };
  });
  return {
    diffs,
    onlyBase: base.entries.filter((e) => !paired.has(`b:${e.key}`)).map((e) => e.label),
    onlyHead: head.entries.filter((e) => !paired.has(`h:${e.key}`)).map((e) => e.label),
    regressed: diffs.some((d) => d.regressed),
    environmentNotes: environmentDifferences(base.environment, head.environment),
  };
}

function fmtChange(d: MetricDiff): string {
  if (Number.isNaN(d.change)) return NO_SAMPLES;
  if (d.metric === 'errorRate') return fmtPp(d.change);
  if (!Number.isFinite(d.change)) return 'new';
  return `${d.change >= 0 ? '+' : ''}${(d.change * 100).toFixed(1)}%`;
}

function fmtValue(d: MetricDiff, v: number): string {
  if (Number.isNaN(v)) return NO_SAMPLES;
  if (d.metric === 'rate') return `${fmtRps(v)}/s`;
  if (d.metric === 'errorRate') return fmtPct(v);
  return fmtMs(v);
}

/** Human lines: per test, each metric `base → head (change)` and whether it regressed. */
export function formatCompare(result: CompareResult, base: Comparable, head: Comparable): string[] {
  const lines = [`BASE ${base.source}`, `HEAD ${head.source}`, ''];
  if (result.environmentNotes.length) lines.push(...result.environmentNotes.map((n) => `environment: ${n}`), '');
  for (const d of result.diffs) {
    lines.push(`${d.regressed ? 'REGRESSED' : 'ok       '}  ${d.label}`);
    for (const m of d.metrics) {
      const name = m.metric === 'errorRate' ? 'errors' : m.metric;
      const limit = m.metric === 'errorRate' ? `> +${(m.limit * 100).toFixed(2)} pp` : m.metric === 'rate' ? `< ${(m.limit * 100).toFixed(0)}% of target` : `> +${(m.limit * 100).toFixed(0)}%`;
      lines.push(
        `    ${name.padEnd(6)} ${fmtValue(m, m.base).padStart(9)} → ${fmtValue(m, m.head).padEnd(9)} ${fmtChange(m).padStart(9)}` +
          (m.regressed ? `  ▲ regression (${limit})` : m.notJudged ? `  (not judged: ${m.notJudged})` : ''),
      );
    }
    for (const n of d.notes) lines.push(`    note: ${n}`);
  }
  for (const l of result.onlyBase) lines.push(`only in BASE: ${l}`);
  for (const l of result.onlyHead) lines.push(`only in HEAD: ${l}`);
  const n = result.diffs.filter((d) => d.regressed).length;
  lines.push('', result.regressed ? `${n} of ${result.diffs.length} compared tests regressed` : `no regression in ${result.diffs.length} compared tests`);
  return lines;
}
