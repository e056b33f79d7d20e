import { describe, expect, it } from 'vitest';
import { createHistogram, digest, digestEncoded, encodeHistogram, mergeDistributions, recordMs } from '../../src/metrics/histogram.ts';
import { histogramPercentiles } from '../../src/report/percentiles.ts';
import { mergeSummaries } from '../../src/merge/merge-summaries.ts';
import type { Distribution } from '../../src/result/types.ts';
import { synthSummary } from '../report/fixtures.ts';

/** 990 requests at 100 ms and 10 at 3009.1 ms: p99.9 falls in the top value's HDR bucket, whose top is ~3010.6 ms. */
function tailHistogram(maxMs = 3009.1) {
  const h = createHistogram();
  for (let i = 0; i < 990; i++) recordMs(h, 100);
  for (let i = 0; i < 10; i++) recordMs(h, maxMs);
  return h;
}

const ordered = (d: Distribution): number[] => [d.min, d.p50, d.p90, d.p95, d.p99, d.p999, d.max];

function expectWithinRecorded(d: Distribution, min: number, max: number): void {
  for (const v of [...ordered(d), d.mean]) {
    expect(v).toBeGreaterThanOrEqual(min);
    expect(v).toBeLessThanOrEqual(max);
  }
  const o = ordered(d);
  for (let i = 1; i < o.length; i++) expect(o[i]!).toBeGreaterThanOrEqual(o[i - 1]!);
}

describe('percentiles read out of an HDR histogram stay within the recorded min and max', () => {
  it('a run digest (summary.json): p99.9 is never above the max, min is the recorded min', () => {
    const h = tailHistogram();
    const d = digest(h);
    expect(d.max).toBe(3009.1);
    expect(d.p999).toBe(3009.1);
    expectWithinRecorded(d, 100, 3009.1);
    h.destroy();
    const same = createHistogram();
    for (let i = 0; i < 5; i++) recordMs(same, 3009.1);
    const s = digest(same);
    expect(ordered(s)).toEqual(Array(7).fill(3009.1));
    expect(s.mean).toBe(3009.1);
    same.destroy();
  });

  it('a stored histogram read again (report charts, merged shards) is clamped to the digest recorded with it', () => {
    const h = tailHistogram();
    const d = digest(h);
    const e = encodeHistogram(h);
    h.destroy();
    const pts = histogramPercentiles(e, d)!;
    expect(pts.at(-1)).toEqual({ percentile: 100, ms: 3009.1 });
    expect(pts[0]).toEqual({ percentile: 0, ms: 100 });
    for (const p of pts) expect(p.ms).toBeLessThanOrEqual(3009.1);
    expectWithinRecorded(digestEncoded(e, d), 100, 3009.1);
    const merged = mergeDistributions([e, e], [d, d]);
    expect(merged.count).toBe(2000);
    expect(merged.max).toBe(3009.1);
    expectWithinRecorded(merged, 100, 3009.1);
  });

  it('merged runs (perf merge, PERF_WORKERS) keep the shards\' recorded max', () => {
    const shard = (maxMs: number) => {
      const h = tailHistogram(maxMs);
      const s = synthSummary();
      s.latencyMs = digest(h);
      s.histograms = { latency: encodeHistogram(h) };
      h.destroy();
      return s;
    };
    const merged = mergeSummaries([shard(3009.1), shard(3005)]);
    expect(merged.latencyMs.max).toBe(3009.1);
    expectWithinRecorded(merged.latencyMs, 100, 3009.1);
  });
});
