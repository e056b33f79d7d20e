import { describe, expect, it } from 'vitest';
import { mergeExemplars } from '../../src/merge/merge-exemplars.ts';
import type { Exemplar, Exemplars } from '../../src/result/exemplar-types.ts';
import type { Distribution, RunSummary } from '../../src/result/types.ts';

const e = (traceId: string, latencyMs: number, atS = 0, errorKind?: Exemplar['errorKind']): Exemplar => ({ traceId, name: 'r', latencyMs, atS, status: errorKind ? 500 : 200, ...(errorKind ? { errorKind } : {}) });
const run = (exemplars: Exemplars | undefined): RunSummary => ({ ...(exemplars ? { exemplars } : {}) }) as RunSummary;
const latency: Distribution = { count: 40, min: 1, mean: 10, p50: 10, p90: 30, p95: 40, p99: 90, p999: 95, max: 95 };

describe('merged shards keep the slowest exemplars across shards', () => {
  it('takes the 10 slowest of all shards, the first failures per kind by time, and the candidate nearest each merged percentile', () => {
    const a: Exemplars = {
      slowest: Array.from({ length: 10 }, (_, i) => e(`a${i}`, 50 - i)),
      failed: { http_5xx: Array.from({ length: 10 }, (_, i) => e(`af${i}`, 5, 1 + i * 2, 'http_5xx')) },
      percentiles: [{ percentile: 'p50', valueMs: 9, ...e('a-p50', 9) }],
    };
    const b: Exemplars = {
      slowest: Array.from({ length: 10 }, (_, i) => e(`b${i}`, 95 - i * 8)),
      failed: { http_5xx: [e('bf0', 5, 0.5, 'http_5xx')], timeout: [e('bt0', 3000, 4, 'timeout')] },
      percentiles: [{ percentile: 'p50', valueMs: 11, ...e('b-p50', 10.5) }],
    };
    const m = mergeExemplars([run(a), run(b), run(undefined)], latency)!;
    expect(m.slowest.map((x) => x.latencyMs)).toEqual([95, 87, 79, 71, 63, 55, 50, 49, 48, 47]);
    expect(m.slowest[0]!.traceId).toBe('b0');
    expect(m.failed.http_5xx!.map((x) => x.traceId)).toEqual(['bf0', 'af0', 'af1', 'af2', 'af3', 'af4', 'af5', 'af6', 'af7', 'af8']);
    expect(m.failed.timeout!.map((x) => x.traceId)).toEqual(['bt0']);
    const p50 = m.percentiles.find((p) => p.percentile === 'p50')!;
    expect(p50).toMatchObject({ valueMs: 10, traceId: 'b-p50', latencyMs: 10.5 });
    expect(m.percentiles.find((p) => p.percentile === 'p99')).toMatchObject({ valueMs: 90, traceId: 'b1', latencyMs: 87 });
  });

  it('is absent when no shard kept exemplars', () => {
    expect(mergeExemplars([run(undefined), run(undefined)], latency)).toBeUndefined();
  });
});
