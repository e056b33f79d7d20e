import { decodeHistogram, valueAtPercentile } from '../metrics/histogram.ts';
import type { Distribution, HistogramName, RunSummary } from '../result/types.ts';
import { tpotPerToken } from '../result/tpot-basis.ts';
import type { RunMeasure } from './compare-stats.ts';
import type { HeadlineMetrics } from './suite-report.ts';

/** The metrics `perf compare` judges: latency percentiles of ok requests, TTFT and TPOT of streams, error rate, achieved rate. */
export const STAT_METRICS = ['p50', 'p95', 'p99', 'ttftP50', 'ttftP95', 'tpotP50', 'rate', 'errorRate'] as const;
export type StatMetric = (typeof STAT_METRICS)[number];

/** One run's measure of a metric, with the samples behind it (a percentile: the ok samples of its distribution). */
export interface MetricObservation extends RunMeasure {
  samples: number;
}

/** What one run measured, per metric; a metric the run did not measure is absent. */
export type RunObservation = Partial<Record<StatMetric, MetricObservation>>;

const Z95 = 1.959963984540054;
const PERCENTILE_OF = { p50: 0.5, p95: 0.95, p99: 0.99, ttftP50: 0.5, ttftP95: 0.95, tpotP50: 0.5 } as const;
export type PercentileMetric = keyof typeof PERCENTILE_OF;

/** The share of samples below a percentile metric (0.95 for `p95`, `ttftP95`). */
export function percentileShare(m: PercentileMetric): number {
  return PERCENTILE_OF[m];
}

/**
 * Standard error of a percentile within one run, from its HDR histogram: the values at the ranks
 * n·q ± 1.96·√(n·q·(1−q)) (the order-statistic interval) span about 2 × 1.96 standard errors.
 * 0 without a histogram.
 */
export function percentileSe(encoded: string | undefined, q: number, d: Distribution): number {
  if (!encoded || d.count < 2) return 0;
  const h = decodeHistogram(encoded);
  try {
    const n = h.totalCount;
    if (n < 2) return 0;
    const spread = Z95 * Math.sqrt(n * q * (1 - q));
    const range = { min: Math.round(d.min * 1000), max: Math.round(d.max * 1000) };
    const at = (rank: number) => valueAtPercentile(h, Math.min(100, Math.max(0, (100 * rank) / n)), range) / 1000;
    return Math.max(0, at(n * q + spread) - at(n * q - spread)) / (2 * Z95);
  } finally {
    h.destroy();
  }
}

function percentileOf(d: Distribution | undefined, m: PercentileMetric, encoded: string | undefined): MetricObservation | undefined {
  if (!d || d.count === 0) return undefined;
  const key = m === 'ttftP50' || m === 'tpotP50' ? 'p50' : m === 'ttftP95' ? 'p95' : m;
  return { value: d[key], withinSe: percentileSe(encoded, PERCENTILE_OF[m], d), samples: d.count };
}

/** An error rate's within-run error, binomial with one success and failure added (never 0 for a run of no errors). */
function errorRateSe(rate: number, n: number): number {
  const p = (rate * n + 1) / (n + 2);
  return Math.sqrt((p * (1 - p)) / Math.max(n, 1));
}

/** The achieved/target ratio's within-run error: the spread of the judged window's per-second ok counts. */
function rateSe(s: RunSummary, ratio: number): number {
  const secs = s.timeline.filter((e) => e.t >= s.window.fromS && e.t < s.window.toS).map((e) => e.ok);
  if (secs.length < 2) return 0;
  const m = secs.reduce((a, b) => a + b, 0) / secs.length;
  if (m <= 0) return 0;
  const sd = Math.sqrt(secs.reduce((a, x) => a + (x - m) ** 2, 0) / (secs.length - 1));
  return (ratio * sd) / m / Math.sqrt(secs.length);
}

function hist(s: RunSummary, name: HistogramName): string | undefined {
  return s.histograms?.[name];
}

/** What a whole run summary measured, percentiles with their within-run error from the histograms. */
export function observeSummary(s: RunSummary, h: HeadlineMetrics): RunObservation {
  const o: RunObservation = {};
  const set = (m: StatMetric, v: MetricObservation | undefined) => {
    if (v) o[m] = v;
  };
  if ((h.samples ?? s.latencyMs.count) > 0 && h.scope === undefined) {
    for (const m of ['p50', 'p95', 'p99'] as const) set(m, percentileOf(s.latencyMs, m, hist(s, 'latency')));
  } else if (h.scope !== undefined) {
    for (const m of ['p50', 'p95', 'p99'] as const) set(m, observeHeadline(h)[m]);
  }
  if (s.stream) {
    set('ttftP50', percentileOf(s.stream.ttftMs, 'ttftP50', hist(s, 'ttft')));
    set('ttftP95', percentileOf(s.stream.ttftMs, 'ttftP95', hist(s, 'ttft')));
    const tpot = tpotPerToken(s.stream);
    if (tpot !== undefined) set('tpotP50', percentileOf(tpot, 'tpotP50', hist(s, 'tpot')));
  }
  const rate = observeHeadline(h).rate!;
  o.rate = { ...rate, withinSe: h.scope === undefined ? rateSe(s, rate.value) : 0 };
  if (h.completed !== 0) o.errorRate = observeHeadline(h).errorRate!;
  return o;
}

/** What a summary.json headline measured: values without within-run errors (no histogram there), error rate binomial. */
export function observeHeadline(h: HeadlineMetrics): RunObservation {
  const o: RunObservation = {};
  const samples = h.samples ?? (h.p50 === 0 && h.p95 === 0 && h.p99 === 0 ? 0 : h.requests);
  if (samples > 0) for (const m of ['p50', 'p95', 'p99'] as const) o[m] = { value: h[m], withinSe: 0, samples };
  if (h.ttftP95 !== undefined) o.ttftP95 = { value: h.ttftP95, withinSe: 0, samples };
  o.rate = { value: h.targetRps > 0 ? h.achievedRps / h.targetRps : h.achievedRps, withinSe: 0, samples: h.requests };
  if (h.completed !== 0) o.errorRate = { value: h.errorRate, withinSe: errorRateSe(h.errorRate, h.requests), samples: h.requests };
  return o;
}
