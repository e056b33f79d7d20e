import { decodeHistogram, rangeOfDistributions, recordedRange, valueAtPercentile, type Histogram } from '../metrics/histogram.ts';
import type { Distribution } from '../result/types.ts';

/** A point of a percentile distribution: `percentile` in 0..100, `ms` the value at it. */
export interface PercentilePoint {
  percentile: number;
  ms: number;
}

/** Percentiles plotted on the distribution chart (denser in the tail). */
export const PLOT_PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100];

/**
 * Decodes an encoded HDR histogram (microseconds, `RunSummary.histograms`) and returns its value
 * at each plotted percentile in ms, within the min and max of the digest `recorded` with it (the
 * run's `latencyMs`...); `undefined` when absent, empty or undecodable.
 */
export function histogramPercentiles(encoded: string | undefined, recorded?: Distribution): PercentilePoint[] | undefined {
  if (!encoded) return undefined;
  let h: Histogram | undefined;
  try {
    h = decodeHistogram(encoded);
    if (h.totalCount === 0) return undefined;
    const hist = h;
    const range = rangeOfDistributions([recorded]) ?? recordedRange(hist);
    return PLOT_PERCENTILES.map((p) => ({
      percentile: p,
      ms: Math.round(valueAtPercentile(hist, p, range) / 10) / 100,
    }));
  } catch {
    return undefined;
  } finally {
    h?.destroy();
  }
}

/** The same points from a digest when no histogram was stored (coarser). */
export function digestPercentiles(d: Distribution): PercentilePoint[] | undefined {
  if (d.count === 0) return undefined;
  return [
    { percentile: 0, ms: d.min },
    { percentile: 50, ms: d.p50 },
    { percentile: 90, ms: d.p90 },
    { percentile: 95, ms: d.p95 },
    { percentile: 99, ms: d.p99 },
    { percentile: 99.9, ms: d.p999 },
    { percentile: 100, ms: d.max },
  ];
}
