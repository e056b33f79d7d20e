import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { Distribution, SizeDistribution } from '../result/types.ts';
import { round3 } from '../core/round.ts';

export type { Histogram };

/** Highest recordable value: 10 minutes in microseconds. */
export const HIGHEST_US = 600_000_000;

/** A latency histogram in microseconds (1 µs to 10 min, 3 significant digits). */
export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
    useWebAssembly: false,
  });
}

/** The smallest and largest value a histogram recorded, in its own unit (µs for latency histograms). */
export interface RecordedRange {
  min: number;
  max: number;
}

/**
 * The range a histogram recorded. Exact for a histogram that recorded its values (HDR keeps their
 * min and max); a decoded one only knows the edges of its outer buckets, so pass the range recorded
 * with it ({@link rangeOfDistributions}) when reading one.
 */
export function recordedRange(h: Histogram): RecordedRange {
  return { min: h.getValueAtPercentile(0) === 0 ? 0 : h.minNonZeroValue, max: h.maxValue };
}

/** The range (in histogram units: ms × 1000) of digests recorded with histograms; undefined when none has a sample. */
export function rangeOfDistributions(list: readonly (Distribution | undefined)[]): RecordedRange | undefined {
  const sampled = list.filter((d): d is Distribution => d !== undefined && d.count > 0);
  if (sampled.length === 0) return undefined;
  return { min: Math.round(Math.min(...sampled.map((d) => d.min)) * 1000), max: Math.round(Math.max(...sampled.map((d) => d.max)) * 1000) };
}

const clamp = (v: number, r: RecordedRange): number => Math.min(r.max, Math.max(r.min, v));

/**
 * The value at `percentile` (0-100) of a histogram, within the range it recorded. HDR answers
 * with the top of the value's bucket (up to 0.1% above it), which can lie above the largest value
 * recorded (p99.9 3010.6 ms beside a max of 3009.1 ms); no percentile is reported above the max or
 * below the min. Every percentile read out of a histogram comes from here. 0 when empty.
 */
export function valueAtPercentile(h: Histogram, percentile: number, range: RecordedRange = recordedRange(h)): number {
  if (h.totalCount === 0) return 0;
  if (percentile >= 100) return range.max;
  if (percentile <= 0) return range.min;
  return clamp(h.getValueAtPercentile(percentile), range);
}

/** Largest recordable response size, bytes (1 GiB). */
export const HIGHEST_BYTES = 2 ** 30;

/** A size histogram in bytes (0 to 1 GiB, 3 significant digits). */
export function createSizeHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_BYTES,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
    useWebAssembly: false,
  });
}

/** Records a size in bytes, clamped to the histogram's range. */
export function recordBytes(h: Histogram, bytes: number): void {
  h.recordValue(bytes > HIGHEST_BYTES ? HIGHEST_BYTES : bytes > 0 ? Math.round(bytes) : 0);
}

/** Digest of a size histogram in bytes. */
export function sizeDigest(h: Histogram): SizeDistribution {
  const count = h.totalCount;
  if (count === 0) return { count: 0, mean: 0, p50: 0, p95: 0, max: 0 };
  const range = recordedRange(h);
  return {
    count,
    mean: Math.round(clamp(h.mean, range)),
    p50: valueAtPercentile(h, 50, range),
    p95: valueAtPercentile(h, 95, range),
    max: range.max,
  };
}

/** Records a duration given in milliseconds, clamped to the histogram's range. */
export function recordMs(h: Histogram, ms: number): void {
  let us = Math.round(ms * 1000);
  if (!(us > 0)) us = 0;
  else if (us > HIGHEST_US) us = HIGHEST_US;
  h.recordValue(us);
}

const usToMs = (us: number): number => round3(us / 1000);

export const EMPTY_DISTRIBUTION: Readonly<Distribution> = Object.freeze({
  count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0,
});

/**
 * Percentile digest of a microsecond histogram, in milliseconds rounded to 3 decimals, every
 * statistic within the recorded `range` (the histogram's own by default; see {@link valueAtPercentile}).
 */
export function digest(h: Histogram, range: RecordedRange = recordedRange(h)): Distribution {
  const count = h.totalCount;
  if (count === 0) return { ...EMPTY_DISTRIBUTION };
  const at = (p: number): number => usToMs(valueAtPercentile(h, p, range));
  return {
    count,
    min: at(0),
    mean: usToMs(clamp(h.mean, range)),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: at(100),
  };
}

/** Encodes a histogram (`RunSummary.histograms` format: compressed base64). */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

/** Decodes a histogram from `RunSummary.histograms`. Call `destroy()` when done with it. */
export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Merges encoded histograms (e.g. of several runs) into one histogram in microseconds. */
export function mergeHistograms(encoded: readonly string[]): Histogram {
  const total = createHistogram();
  for (const e of encoded) {
    const h = decodeHistogram(e);
    total.add(h);
    h.destroy();
  }
  return total;
}

/**
 * Merges encoded histograms and digests them in one go: the distribution of several runs together.
 * `recorded`: the digests stored with them, whose min and max bound the result (a decoded
 * histogram only knows its buckets).
 */
export function mergeDistributions(encoded: readonly string[], recorded: readonly (Distribution | undefined)[] = []): Distribution {
  const h = mergeHistograms(encoded);
  const d = digest(h, rangeOfDistributions(recorded) ?? recordedRange(h));
  h.destroy();
  return d;
}

/** Digest of one encoded histogram, bounded by the digest `recorded` with it when given. */
export function digestEncoded(encoded: string, recorded?: Distribution): Distribution {
  return mergeDistributions([encoded], [recorded]);
}
