import type { ErrorKind } from '../core/outcome.ts';
import type { Progress } from '../load/types.ts';
import type { RunSummary } from '../result/types.ts';
import { encodeWriteRequest, type RwSeries } from './remote-write-proto.ts';

/** Where and as what a run is written to Prometheus. */
export interface RemoteWriteOptions {
  /** The receiver, e.g. `http://127.0.0.1:9090/api/v1/write` (without credentials: see `authorization`). */
  url: string;
  /** An `Authorization` header value for the receiver (from credentials in the given URL). @default none */
  authorization?: string;
  /** Labels on every series: `run_id`, `endpoint`, `scenario`, `phase` (empty values are left out). */
  labels: Record<string, string | undefined>;
  /** Per write. @default 2000 */
  timeoutMs?: number;
}

/** How the writes went: reported once at the end of the run. */
export interface RemoteWriteReport {
  writes: number;
  failed: number;
  /** Batches dropped because the receiver fell behind (at most `MAX_PENDING` wait). */
  dropped: number;
  firstError?: string;
}

/** Every series name the writer writes (a Grafana dashboard may query these). */
export const REMOTE_WRITE_SERIES = [
  'perf_target_rate_per_second', 'perf_sent_rate_per_second', 'perf_ok_rate_per_second', 'perf_in_flight_requests',
  'perf_requests_sent_total', 'perf_requests_ok_total', 'perf_requests_dropped_total', 'perf_requests_failed_total',
  'perf_latency_seconds', 'perf_ttft_seconds', 'perf_run_latency_seconds', 'perf_run_ttft_seconds',
  'perf_generator_valid', 'perf_generator_dispatch_lag_p99_seconds',
] as const;

const MAX_PENDING = 120;
const QUANTILES = [['0.5', 'p50'], ['0.95', 'p95'], ['0.99', 'p99']] as const;

/**
 * Streams a run's per-second figures to a Prometheus remote-write receiver while it runs: rate
 * asked, sent and ok, counters of sent, ok, failed by kind and dropped requests, in-flight,
 * latency and TTFT percentiles of the second, and, at the end, the totals of the summary and the
 * generator's health. One write in flight at a time, off the request path; a failed write is
 * counted and never fails or slows the run. Never throws.
 */
export class PrometheusRemoteWriter {
  private readonly labels: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly pending: RwSeries[][] = [];
  private sending: Promise<void> | null = null;
  private readonly totals = { sent: 0, ok: 0, dropped: 0 };
  private readonly failedByKind: Partial<Record<ErrorKind, number>> = {};
  readonly report: RemoteWriteReport = { writes: 0, failed: 0, dropped: 0 };

  constructor(private readonly options: RemoteWriteOptions) {
    this.labels = Object.fromEntries(Object.entries(options.labels).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  /** One finished second of the run (its progress tick). */
  onProgress(p: Progress): void {
    const e = p.last;
    const at = Date.now();
    this.totals.sent += e.sent;
    this.totals.ok += e.ok;
    this.totals.dropped += e.dropped;
    for (const [k, n] of Object.entries(e.errors) as [ErrorKind, number][]) this.failedByKind[k] = (this.failedByKind[k] ?? 0) + n;
    const s: RwSeries[] = [
      this.one('perf_target_rate_per_second', p.targetRps, at),
      this.one('perf_sent_rate_per_second', e.sent, at),
      this.one('perf_ok_rate_per_second', e.ok, at),
      this.one('perf_in_flight_requests', p.inFlight, at),
      ...this.counters(at),
    ];
    if (e.ok > 0) for (const [q, k] of QUANTILES) s.push(this.one('perf_latency_seconds', e[k] / 1000, at, { quantile: q }));
    if (e.ttftP95 !== undefined && e.ttftP95 > 0) s.push(this.one('perf_ttft_seconds', e.ttftP95 / 1000, at, { quantile: '0.95' }));
    this.enqueue(s);
  }

  /** Writes the run's totals (exactly the summary's) and generator health, waits for the writes (at most `waitMs`), returns the report. */
  async finish(summary: RunSummary | undefined, waitMs = 5000): Promise<RemoteWriteReport> {
    if (summary !== undefined) {
      const at = Date.now();
      const w = summary.whole.requests;
      this.totals.sent = w.sent;
      this.totals.ok = w.ok;
      this.totals.dropped = w.dropped;
      for (const k of Object.keys(this.failedByKind) as ErrorKind[]) delete this.failedByKind[k];
      Object.assign(this.failedByKind, summary.whole.errors);
      const s = [
        ...this.counters(at),
        this.one('perf_generator_valid', summary.generator.valid ? 1 : 0, at),
        this.one('perf_generator_dispatch_lag_p99_seconds', summary.generator.p99DispatchLagMs / 1000, at),
      ];
      if (summary.latencyMs.count > 0) for (const [q, k] of QUANTILES) s.push(this.one('perf_run_latency_seconds', summary.latencyMs[k] / 1000, at, { quantile: q }));
      if (summary.stream && summary.stream.ttftMs.count > 0) s.push(this.one('perf_run_ttft_seconds', summary.stream.ttftMs.p95 / 1000, at, { quantile: '0.95' }));
      this.enqueue(s);
    }
    const deadline = new Promise<void>((r) => setTimeout(r, waitMs).unref());
    while (this.sending !== null) await Promise.race([this.sending, deadline.then(() => { this.pending.length = 0; })]).then(() => undefined);
    return { ...this.report };
  }

  private counters(at: number): RwSeries[] {
    return [
      this.one('perf_requests_sent_total', this.totals.sent, at),
      this.one('perf_requests_ok_total', this.totals.ok, at),
      this.one('perf_requests_dropped_total', this.totals.dropped, at),
      ...(Object.entries(this.failedByKind) as [ErrorKind, number][]).map(([kind, n]) => this.one('perf_requests_failed_total', n, at, { kind })),
    ];
  }

  private one(name: string, value: number, timestampMs: number, extra: Record<string, string> = {}): RwSeries {
    return { labels: { ...this.labels, ...extra, __name__: name }, samples: [{ value, timestampMs }] };
  }

  private enqueue(series: RwSeries[]): void {
    if (this.pending.length >= MAX_PENDING) {
      this.pending.shift();
      this.report.dropped++;
    }
    this.pending.push(series);
    if (this.sending === null) this.sending = this.pump();
  }

  private async pump(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.pending.length).flat();
      await this.post(batch);
    }
    this.sending = null;
  }

  private async post(series: RwSeries[]): Promise<void> {
    this.report.writes++;
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0',
          ...(this.options.authorization ? { authorization: this.options.authorization } : {}),
        },
        body: Buffer.from(encodeWriteRequest(series)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status > 299) this.fail(`HTTP ${res.status}`);
    } catch (err) {
      this.fail((err as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : causeCode(err));
    }
  }

  private fail(reason: string): void {
    this.report.failed++;
    this.report.firstError ??= reason;
  }
}

/** `ECONNREFUSED` and the like from a failed fetch (undici puts it on the cause), else its message. */
function causeCode(err: unknown): string {
  const cause = (err as { cause?: { code?: string; errors?: { code?: string }[]; message?: string } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (err as Error).message;
}
