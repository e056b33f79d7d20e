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
  return {
    count,
    mean: Math.round(h.mean),
    p50: h.getValueAtPercentile(50),
    p95: h.getValueAtPercentile(95),
    max: h.maxValue,
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

/** Percentile digest of a microsecond histogram, in milliseconds rounded to 3 decimals. */
export function digest(h: Histogram): Distribution {
  const count = h.totalCount;
  if (count === 0) return { ...EMPTY_DISTRIBUTION };
  return {
    count,
    min: usToMs(h.getValueAtPercentile(0)),
    mean: usToMs(h.mean),
    p50: usToMs(h.getValueAtPercentile(50)),
    p90: usToMs(h.getValueAtPercentile(90)),
    p95: usToMs(h.getValueAtPercentile(95)),
    p99: usToMs(h.getValueAtPercentile(99)),
    p999: usToMs(h.getValueAtPercentile(99.9)),
    max: usToMs(h.maxValue),
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

/** Merges encoded histograms and digests them in one go: the distribution of several runs together. */
export function mergeDistributions(encoded: readonly string[]): Distribution {
  const h = mergeHistograms(encoded);
  const d = digest(h);
  h.destroy();
  return d;
}

/** Digest of one encoded histogram. */
export function digestEncoded(encoded: string): Distribution {
  return mergeDistributions([encoded]);
}
