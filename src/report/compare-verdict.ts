import { environmentDifferences } from '../result/environment.ts';
import type { Comparable, ComparableEntry } from './compare-load.ts';
import { observeHeadline, percentileShare, STAT_METRICS, type PercentileMetric, type RunObservation, type StatMetric } from './compare-observe.ts';
import { judgeChange, type Verdict } from './compare-stats.ts';
import { fmtRps } from './format.ts';
import type { HeadlineMetrics } from './suite-report.ts';

/** How `perf compare` judges a change; docs/REPORTS.md, "How perf compare judges a change". */
export interface VerdictSettings {
  /** The smallest worsening that counts, per metric: relative for latency and rate (0.02 = 2%), absolute for the error rate (0.005 = 0.5 points). */
  minChange: Record<StatMetric, number>;
  /** Latency changes smaller than this many ms never count as "slower". @default 2 */
  minLatencyMs: number;
  /** A percentile is judged only when each side has at least this many samples above it. @default 5 */
  minTailSamples: number;
  /** Two-sided confidence of the intervals. @default 0.95 */
  confidence: number;
  /** Between-run spread assumed (relative standard deviation) when neither side repeated its runs. @default 0.2 */
  runNoise: number;
  /** Metrics whose "slower" fails the comparison (exit 1); the others are reported only. @default every metric */
  gate: StatMetric[];
}

/** Perfherder's 2% for latency and rate, half a point of error rate. */
export const DEFAULT_VERDICT_SETTINGS: VerdictSettings = {
  minChange: { p50: 0.02, p95: 0.02, p99: 0.02, ttftP50: 0.02, ttftP95: 0.02, tpotP50: 0.02, rate: 0.02, errorRate: 0.005 },
  minLatencyMs: 2,
  minTailSamples: 5,
  confidence: 0.95,
  runNoise: 0.2,
  gate: [...STAT_METRICS],
};

export interface StatMetricDiff {
  metric: StatMetric;
  /** Mean over BASE's runs (geometric for latency); NaN (`null` in JSON) when BASE measured none. The rate is achieved requests/s. */
  base: number;
  head: number;
  /** Relative change (0.1 = +10%; the error rate: absolute, 0.01 = +1 point); NaN when not judged. */
  change: number;
  /** Confidence interval of `change`; absent when not judged. */
  ci?: [number, number];
  /** Absent when the metric was not judged (`notJudged` says why). */
  verdict?: Verdict;
  /** The smallest worsening that counts, in the change's unit. */
  limit: number;
  /** A "slower" verdict on a gating metric: the comparison fails. */
  regressed: boolean;
  gating: boolean;
  /** Runs behind each side. */
  runs: { base: number; head: number };
  /** Whether the between-run spread was measured (a side repeated) or assumed (`runNoise`). */
  spread?: 'measured' | 'assumed';
  notJudged?: string;
}

export interface StatEntryDiff {
  key: string;
  label: string;
  metrics: StatMetricDiff[];
  /** The worst verdict of its judged metrics: slower, then not enough evidence, then same. */
  verdict: Verdict;
  regressed: boolean;
  notes: string[];
}

export interface StatCompareResult {
  diffs: StatEntryDiff[];
  onlyBase: string[];
  onlyHead: string[];
  /** A gating metric came out "slower": `perf compare` exits 1. */
  regressed: boolean;
  /** Metrics that came out "not enough evidence: run more". */
  unknown: number;
  environmentNotes: string[];
}

function runsOf(e: ComparableEntry): { metrics: HeadlineMetrics; observed: RunObservation }[] {
  return e.runs?.length ? e.runs : [{ metrics: e.metrics, observed: observeHeadline(e.metrics) }];
}

const LATENCY = new Set<StatMetric>(['p50', 'p95', 'p99', 'ttftP50', 'ttftP95', 'tpotP50']);

function geoMean(xs: number[]): number {
  if (xs.length <= 1) return xs[0] ?? NaN;
  return Math.exp(xs.reduce((a, x) => a + Math.log(Math.max(x, 1e-9)), 0) / xs.length);
}

function shown(metric: StatMetric, runs: ReturnType<typeof runsOf>, observed: number[]): number {
  if (observed.length === 0) return NaN;
  if (metric === 'rate') return runs.reduce((a, r) => a + r.metrics.achievedRps, 0) / runs.length;
  if (metric === 'errorRate') return observed.reduce((a, x) => a + x, 0) / observed.length;
  return geoMean(observed);
}

function missing(baseHas: boolean, headHas: boolean, metric: StatMetric): string {
  const where = !baseHas && !headHas ? 'either run' : baseHas ? 'HEAD' : 'BASE';
  if (metric === 'errorRate') return `nothing completed in ${where}: no error rate`;
  if (metric === 'tpotP50') return `no TPOT per output token in ${where} (no stream with two tokens, or a summary written before issue 20, whose TPOT was per content chunk)`;
  return LATENCY.has(metric) && !metric.startsWith('p') ? `no measured stream in ${where}` : `no ok request in ${where}: no latency`;
}

/** Judges one metric of a test over both sides' runs; undefined when neither side measured it. */
export function judgeMetric(metric: StatMetric, base: ReturnType<typeof runsOf>, head: ReturnType<typeof runsOf>, s: VerdictSettings): StatMetricDiff | undefined {
  const b = base.flatMap((r) => (r.observed[metric] ? [r.observed[metric]!] : []));
  const h = head.flatMap((r) => (r.observed[metric] ? [r.observed[metric]!] : []));
  const alwaysShown = metric === 'p50' || metric === 'p95' || metric === 'p99' || metric === 'rate' || metric === 'errorRate';
  if (b.length === 0 && h.length === 0 && !alwaysShown) return undefined;
  const gating = s.gate.includes(metric);
  const common = { metric, base: shown(metric, base, b.map((x) => x.value)), head: shown(metric, head, h.map((x) => x.value)), limit: s.minChange[metric], gating, runs: { base: base.length, head: head.length } };
  if (b.length === 0 || h.length === 0) return { ...common, change: NaN, regressed: false, notJudged: missing(b.length > 0, h.length > 0, metric) };
  if (metric in { p50: 1, p95: 1, p99: 1, ttftP50: 1, ttftP95: 1, tpotP50: 1 }) {
    const q = percentileShare(metric as PercentileMetric);
    const samples = Math.min(b.reduce((a, x) => a + x.samples, 0), h.reduce((a, x) => a + x.samples, 0));
    const tail = Math.floor(samples * (1 - q));
    if (tail < s.minTailSamples) return { ...common, change: NaN, regressed: false, notJudged: `${samples} samples, ${tail} above ${metric} (< ${s.minTailSamples})` };
  }
  const j = judgeChange({
    base: b, head: h,
    scale: metric === 'errorRate' ? 'absolute' : 'relative',
    worse: metric === 'rate' ? 'down' : 'up',
    minChange: s.minChange[metric],
    confidence: s.confidence,
    priorRunSd: metric === 'errorRate' ? 0 : Math.log1p(s.runNoise),
  });
  const tooSmall = LATENCY.has(metric) && j.verdict === 'slower' && common.head - common.base < s.minLatencyMs;
  const verdict: Verdict = tooSmall ? 'same' : j.verdict;
  return { ...common, change: j.change, ci: j.ci, verdict, regressed: gating && verdict === 'slower', spread: j.spread };
}

const RANK: Record<Verdict, number> = { same: 0, unknown: 1, slower: 2 };

/**
 * Why the two sides were not measured alike, so that their comparison must not gate: a side that
 * records no environment, a different generator machine or simulator, a different target rate.
 * Target version and commit may differ: they are what is compared.
 */
export function environmentMismatch(base: Comparable, head: Comparable, result: StatCompareResult): string[] {
  const out: string[] = [];
  if (!base.environment) out.push(`BASE (${base.source}) records no environment`);
  if (!head.environment) out.push(`HEAD (${head.source}) records no environment`);
  out.push(...result.environmentNotes.filter((n) => n.startsWith('generator machine') || n.startsWith('simulator profile')));
  for (const d of result.diffs) out.push(...d.notes.filter((n) => n.startsWith('target rate differs')).map((n) => `${d.label}: ${n}`));
  return out;
}

/** Pairs tests by endpoint and scenario (two single tests pair whatever their names) and judges each metric over their runs. */
export function judgeRuns(base: Comparable, head: Comparable, s: VerdictSettings = DEFAULT_VERDICT_SETTINGS): StatCompareResult {
  const headBy = new Map(head.entries.map((e) => [e.key, e]));
  const pairs: [ComparableEntry, ComparableEntry][] = [];
  if (base.entries.length === 1 && head.entries.length === 1) pairs.push([base.entries[0]!, head.entries[0]!]);
  else for (const b of base.entries) if (headBy.has(b.key)) pairs.push([b, headBy.get(b.key)!]);
  const paired = new Set(pairs.flatMap(([b, h]) => [`b:${b.key}`, `h:${h.key}`]));
  const diffs = pairs.map(([b, h]): StatEntryDiff => {
    const br = runsOf(b);
    const hr = runsOf(h);
    const overloaded = [...br, ...hr].some((r) => !r.metrics.generatorValid);
    // An overloaded generator measured its own delays: its latency never proves "slower".
    const metrics = STAT_METRICS.flatMap((m) => judgeMetric(m, br, hr, s) ?? []).map((m) =>
      overloaded && LATENCY.has(m.metric) && m.verdict === 'slower' ? { ...m, verdict: 'unknown' as const, regressed: false } : m,
    );
    const notes: string[] = [];
    if (overloaded) notes.push('generator overloaded in a run: latency not comparable ("slower" read as not enough evidence; re-run)');
    if (b.metrics.targetRps !== h.metrics.targetRps) notes.push(`target rate differs: ${fmtRps(b.metrics.targetRps)} → ${fmtRps(h.metrics.targetRps)} /s`);
    if (br.length === 1 && hr.length === 1) notes.push(`one run a side: between-run spread assumed ±${Math.round(s.runNoise * 100)}% (PERF_REPEAT=3 on both sides measures it)`);
    const judged = metrics.filter((m) => m.verdict !== undefined).map((m) => m.verdict!);
    const verdict = judged.reduce<Verdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'same');
    return { key: h.key, label: h.label === b.label ? h.label : `${b.label} → ${h.label}`, metrics, verdict, regressed: metrics.some((m) => m.regressed), notes };
  });
  return {
    diffs,
    onlyBase: base.entries.filter((e) => !paired.has(`b:${e.key}`)).map((e) => e.label),
    onlyHead: head.entries.filter((e) => !paired.has(`h:${e.key}`)).map((e) => e.label),
    regressed: diffs.some((d) => d.regressed),
    unknown: diffs.reduce((a, d) => a + d.metrics.filter((m) => m.verdict === 'unknown').length, 0),
    environmentNotes: environmentDifferences(base.environment, head.environment),
  };
}
