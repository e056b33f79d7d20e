import type { ErrorKind } from '../core/outcome.ts';
import type { Distribution, RequestCounts, SizeDistribution, StepSummary, StreamSummary } from '../result/types.ts';
import { createHistogram, createSizeHistogram, digest, encodeHistogram, recordBytes, recordMs, sizeDigest, type Histogram } from './histogram.ts';
import { StreamStats, type StreamSample } from './stream-stats.ts';
import type { HistogramName } from '../result/types.ts';

export type { HistogramName };

/** What a finished request contributes (a view of an exchange); the stream fields apply when `sse`. */
export interface RequestSample extends Omit<StreamSample, 'ok' | 'aborted'> {
  name: string;
  status: number;
  errorKind: ErrorKind | undefined;
  /** The application error code of an `api_error`. */
  apiCode: string | undefined;
  /** Body bytes received; negative when no response arrived. */
  responseBytes: number;
  latencyMs: number;
  serviceTimeMs: number;
  sse: boolean;
  measure: boolean;
}

const STATUS_KEYS: string[] = [];
/** `String(status)` without a new string per request. */
function statusKey(status: number): string {
  if (status >= 1000 || !Number.isInteger(status)) return String(status);
  return (STATUS_KEYS[status] ??= String(status));
}

/** Distinct step names kept; further names are pooled under {@link OTHER_STEPS}. */
export const MAX_STEPS = 200;
export const OTHER_STEPS = '(other steps)';

interface Step {
  readonly name: string;
  count: number;
  ok: number;
  failed: number;
  errors: Partial<Record<ErrorKind, number>>;
  statusCodes: Record<string, number>;
  apiCodes: Record<string, number> | null;
  /** Ok requests; null while the step mirrors the scope's histograms (see `Scope.mirror`). */
  latency: Histogram | null;
  /** Failed requests; null while mirrored, like `latency`. */
  failedLatency: Histogram | null;
}

/**
 * Counters and HDR histograms of one part of a run (the judged window, or the whole run).
 * Latency and service time hold the requests that ended ok; `failedLatency` the failed ones
 * (which often fail fast and would flatter the percentiles). Memory is fixed: counters and
 * histograms only, nothing per request.
 */
export class Scope {
  readonly counts: RequestCounts = { scheduled: 0, sent: 0, completed: 0, ok: 0, failed: 0, dropped: 0 };
  readonly errors: Partial<Record<ErrorKind, number>> = {};
  readonly statusCodes: Record<string, number> = {};
  readonly apiCodes: Record<string, number> = {};
  readonly latency = createHistogram();
  readonly failedLatency = createHistogram();
  /** Response sizes of measured requests (judged window only). */
  readonly sizes: Histogram | null;
  readonly serviceTime: Histogram | null;
  /** Stream metrics (judged window only). */
  readonly streams: StreamStats | null;
  /** Iterations that ended ok with every measured request within the goodput bounds. */
  goodIterations = 0;
  private readonly steps = new Map<string, Step>();
  /**
   * The only step so far, when every request of the scope went to it and was measured: its
   * latencies (ok and failed) are exactly the scope's, so they are recorded once and copied when that stops.
   */
  private mirror: Step | null = null;

  /** `full` adds service time, stream histograms and steps (the judged window). */
  constructor(readonly full: boolean) {
    this.serviceTime = full ? createHistogram() : null;
    this.sizes = full ? createSizeHistogram() : null;
    this.streams = full ? new StreamStats() : null;
  }

  request(s: RequestSample): void {
    if (s.status > 0) {
      const key = statusKey(s.status);
      this.statusCodes[key] = (this.statusCodes[key] ?? 0) + 1;
    }
    if (s.apiCode !== undefined) this.apiCodes[s.apiCode] = (this.apiCodes[s.apiCode] ?? 0) + 1;
    if (this.full) this.step(s);
    if (!s.measure) return;
    const ok = s.errorKind === undefined;
    recordMs(ok ? this.latency : this.failedLatency, s.latencyMs);
    if (!this.full) return;
    if (ok) recordMs(this.serviceTime!, s.serviceTimeMs);
    if (s.status > 0 && s.responseBytes >= 0) recordBytes(this.sizes!, s.responseBytes);
    if (s.sse) {
      const st = this.streams!;
      const sample = s as RequestSample & StreamSample;
      sample.ok = ok;
      sample.aborted = s.errorKind === 'stream_aborted';
      st.request(sample);
    }
  }

  gap(ms: number): void {
    this.streams?.gap(ms);
  }

  /** An iteration ended: ok, or failed with the first failed request's kind; `good` when it met the goodput bounds. */
  iteration(kind: ErrorKind | undefined, good = false): void {
    this.counts.completed++;
    if (good && kind === undefined) this.goodIterations++;
    if (kind === undefined) this.counts.ok++;
    else {
      this.counts.failed++;
      this.errors[kind] = (this.errors[kind] ?? 0) + 1;
    }
  }

  dropped(): void {
    this.counts.dropped++;
    this.errors.dropped = (this.errors.dropped ?? 0) + 1;
  }

  /** (failed + dropped) / scheduled; 0 when nothing was scheduled. */
  errorRate(): number {
    const c = this.counts;
    return c.scheduled === 0 ? 0 : (c.failed + c.dropped) / c.scheduled;
  }

  stepSummaries(): Record<string, StepSummary> {
    const out: Record<string, StepSummary> = {};
    for (const [name, s] of this.steps) {
      out[name] = {
        count: s.count,
        ok: s.ok,
        failed: s.failed,
        errors: { ...s.errors },
        statusCodes: { ...s.statusCodes },
        latencyMs: digest(s.latency ?? this.latency),
        failedLatencyMs: digest(s.failedLatency ?? this.failedLatency),
      };
      if (s.apiCodes !== null) out[name]!.apiCodes = { ...s.apiCodes };
    }
    return out;
  }

  /** `windowS`: the judged window's length, for the total output-token rate. */
  stream(windowS: number): StreamSummary | undefined {
    const st = this.streams;
    return st === null || !st.seen ? undefined : st.summary(windowS);
  }

  sizeDigest(): SizeDistribution {
    return this.sizes === null ? { count: 0, mean: 0, p50: 0, p95: 0, max: 0 } : sizeDigest(this.sizes);
  }

  /** Latency of the requests that ended ok. */
  latencyDigest(): Distribution {
    return digest(this.latency);
  }

  /** Latency of the requests that failed. */
  failedLatencyDigest(): Distribution {
    return digest(this.failedLatency);
  }

  serviceTimeDigest(): Distribution {
    return this.serviceTime === null ? digest(this.latency) : digest(this.serviceTime);
  }

  encoded(): Partial<Record<HistogramName, string>> {
    const out: Partial<Record<HistogramName, string>> = {
      latency: encodeHistogram(this.latency),
      failedLatency: encodeHistogram(this.failedLatency),
    };
    if (this.serviceTime) out.serviceTime = encodeHistogram(this.serviceTime);
    if (this.streams?.seen) Object.assign(out, this.streams.encoded());
    return out;
  }

  destroy(): void {
    for (const h of [this.latency, this.failedLatency, this.serviceTime, this.sizes]) h?.destroy();
    this.streams?.destroy();
    for (const s of this.steps.values()) {
      s.latency?.destroy();
      s.failedLatency?.destroy();
    }
    this.steps.clear();
  }

  /** Called before the sample is recorded into the scope's histograms. */
  private step(s: RequestSample): void {
    const m = this.mirror;
    if (m !== null) {
      if (s.measure && s.name === m.name) {
        this.count(m, s);
        return;
      }
      m.latency = createHistogram();
      m.latency.add(this.latency);
      m.failedLatency = createHistogram();
      m.failedLatency.add(this.failedLatency);
      this.mirror = null;
    }
    let name = s.name;
    let st = this.steps.get(name);
    if (st === undefined && this.steps.size >= MAX_STEPS) {
      name = OTHER_STEPS;
      st = this.steps.get(name);
    }
    if (st === undefined) {
      const first = this.steps.size === 0 && s.measure && this.latency.totalCount === 0 && this.failedLatency.totalCount === 0;
      st = {
        name, count: 0, ok: 0, failed: 0, errors: {}, statusCodes: {}, apiCodes: null,
        latency: first ? null : createHistogram(), failedLatency: first ? null : createHistogram(),
      };
      this.steps.set(name, st);
      if (first) {
        this.mirror = st;
        this.count(st, s);
        return;
      }
    }
    this.count(st, s);
    recordMs(s.errorKind === undefined ? st.latency! : st.failedLatency!, s.latencyMs);
  }

  private count(st: Step, s: RequestSample): void {
    st.count++;
    if (s.errorKind === undefined) st.ok++;
    else {
      st.failed++;
      st.errors[s.errorKind] = (st.errors[s.errorKind] ?? 0) + 1;
    }
    if (s.status > 0) {
      const key = statusKey(s.status);
      st.statusCodes[key] = (st.statusCodes[key] ?? 0) + 1;
    }
    if (s.apiCode !== undefined) {
      const codes = (st.apiCodes ??= {});
      codes[s.apiCode] = (codes[s.apiCode] ?? 0) + 1;
    }
  }
}
