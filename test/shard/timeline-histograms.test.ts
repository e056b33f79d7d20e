import { describe, expect, test } from 'vitest';
import { digestEncoded, mergeDistributions } from '../../src/metrics/histogram.ts';
import { Timeline } from '../../src/metrics/timeline.ts';

describe('per-second encoded histograms in the timeline', () => {
  test('each second carries the encoded latency of the ok requests that ended in it, and TTFT', () => {
    const tl = new Timeline();
    for (let i = 1; i <= 100; i++) tl.onLatency(i);
    tl.onTtft(5);
    tl.onTtft(7);
    const first = tl.close(100, 0);
    const empty = tl.close(100, 0);
    tl.onLatency(1000);
    const third = tl.close(100, 0);
    tl.destroy();
    const d = digestEncoded(first.histograms!.latency!);
    expect(d.count).toBe(100);
    expect(d.p50).toBeCloseTo(first.p50, 1);
    expect(d.p99).toBeCloseTo(first.p99, 1);
    expect(digestEncoded(first.histograms!.ttft!).count).toBe(2);
    expect(empty.histograms).toBeUndefined();
    expect(third.histograms?.ttft).toBeUndefined();
    const merged = mergeDistributions([first.histograms!.latency!, third.histograms!.latency!]);
    expect(merged.count).toBe(101);
    expect(merged.max).toBeCloseTo(1000, 0);
  });

  test('one second of 1,000 widely spread latencies encodes in under 2 KB', () => {
    const tl = new Timeline();
    for (let i = 0; i < 1000; i++) tl.onLatency(1 + ((i * 7919) % 1000) / 3);
    const e = tl.close(1000, 0);
    tl.destroy();
    expect(e.histograms!.latency!.length).toBeLessThan(2048);
  });
});
