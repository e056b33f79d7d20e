import type { ErrorKind } from '../core/outcome.ts';
import type { Exemplar, Exemplars, PercentileExemplar } from '../result/exemplar-types.ts';
import type { Distribution } from '../result/types.ts';

/** Slowest requests kept, and failed requests kept per error kind. */
export const EXEMPLARS_KEPT = 10;
/** Latency buckets 2% wide on a log scale (1 µs to ~1 day): the newest ok request of each stands for its latency. */
const BUCKETS_PER_E = 1 / Math.log(1.02);
const BUCKETS = Math.ceil(Math.log(86_400_000_000) * BUCKETS_PER_E) + 1;
const PERCENTILES = ['p50', 'p90', 'p95', 'p99', 'p999'] as const;

const bucketOf = (latencyMs: number): number => {
  const b = Math.floor(Math.log(Math.max(1, latencyMs * 1000)) * BUCKETS_PER_E);
  return b < BUCKETS ? b : BUCKETS - 1;
};

/**
 * The requests behind a run's numbers, in bounded memory (trace ids kept only for candidates):
 * a min-heap of the slowest ok requests, the first failed ones per kind, and per latency bucket
 * the newest ok request (typed arrays and string references: no allocation per request).
 */
export class ExemplarTracker {
  private readonly slow: Exemplar[] = [];
  private readonly failed: Partial<Record<ErrorKind, Exemplar[]>> = {};
  private readonly bucketMs = new Float64Array(BUCKETS).fill(-1);
  private readonly bucketAtS = new Float64Array(BUCKETS);
  private readonly bucketStatus = new Uint16Array(BUCKETS);
  private readonly bucketTrace: (string | undefined)[] = new Array<string | undefined>(BUCKETS);
  private readonly bucketName: (string | undefined)[] = new Array<string | undefined>(BUCKETS);
  /** Whether any request with a trace id was offered. */
  private seen = false;

  /** One measured request of the judged window. Never throws. */
  offer(traceId: string, name: string, latencyMs: number, atS: number, status: number, errorKind: ErrorKind | undefined): void {
    this.seen = true;
    if (errorKind !== undefined) {
      const list = (this.failed[errorKind] ??= []);
      if (list.length < EXEMPLARS_KEPT) list.push({ traceId, name, latencyMs, atS, status, errorKind });
      return;
    }
    const b = bucketOf(latencyMs);
    this.bucketMs[b] = latencyMs;
    this.bucketAtS[b] = atS;
    this.bucketStatus[b] = status;
    this.bucketTrace[b] = traceId;
    this.bucketName[b] = name;
    const heap = this.slow;
    if (heap.length < EXEMPLARS_KEPT) {
      heap.push({ traceId, name, latencyMs, atS, status });
      this.siftUp(heap.length - 1);
    } else if (latencyMs > heap[0]!.latencyMs) {
      heap[0] = { traceId, name, latencyMs, atS, status };
      this.siftDown(0);
    }
  }

  /** The exemplars, with one request near each percentile of `latency` (the judged window's ok latency); undefined when no request carried a trace id. */
  result(latency: Distribution): Exemplars | undefined {
    if (!this.seen) return undefined;
    const percentiles: PercentileExemplar[] = [];
    if (latency.count > 0) {
      for (const p of PERCENTILES) {
        const e = this.near(latency[p]);
        if (e !== undefined) percentiles.push({ percentile: p, valueMs: latency[p], ...e });
      }
    }
    const failed: Partial<Record<ErrorKind, Exemplar[]>> = {};
    for (const [kind, list] of Object.entries(this.failed) as [ErrorKind, Exemplar[]][]) failed[kind] = [...list].sort((a, b) => a.atS - b.atS);
    return { slowest: [...this.slow].sort((a, b) => b.latencyMs - a.latencyMs), failed, percentiles };
  }

  /** The kept ok request whose latency bucket is nearest to `valueMs`. */
  private near(valueMs: number): Exemplar | undefined {
    const at = bucketOf(valueMs);
    for (let d = 0; d < BUCKETS; d++) {
      for (const b of d === 0 ? [at] : [at - d, at + d]) {
        if (b < 0 || b >= BUCKETS || this.bucketMs[b]! < 0) continue;
        return { traceId: this.bucketTrace[b]!, name: this.bucketName[b]!, latencyMs: this.bucketMs[b]!, atS: this.bucketAtS[b]!, status: this.bucketStatus[b]! };
      }
    }
    return undefined;
  }

  private siftUp(i: number): void {
    const h = this.slow;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.latencyMs <= h[i]!.latencyMs) return;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const h = this.slow;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]!.latencyMs < h[m]!.latencyMs) m = l;
      if (r < h.length && h[r]!.latencyMs < h[m]!.latencyMs) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
}
