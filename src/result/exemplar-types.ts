import type { ErrorKind } from '../core/outcome.ts';

/** One request named by its W3C trace id, to find it in the target's own traces. */
export interface Exemplar {
  /** The trace id of the request's `traceparent`. */
  traceId: string;
  /** The request's name (its step). */
  name: string;
  /** From intended start to the end of the body (or stream), ms. */
  latencyMs: number;
  /** When it was due, seconds since recording started. */
  atS: number;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  /** The error kind of a failed request; absent when it ended ok. */
  errorKind?: ErrorKind;
}

/** A request whose latency is near a reported percentile of `latencyMs`. */
export interface PercentileExemplar extends Exemplar {
  /** The percentile (`p50`, `p90`, `p95`, `p99`, `p999`). */
  percentile: 'p50' | 'p90' | 'p95' | 'p99' | 'p999';
  /** The reported value of that percentile, ms. */
  valueMs: number;
}

/**
 * The requests behind the judged window's numbers (measured requests, trace context on): the
 * slowest ok requests, the first failed requests of each error kind, and one ok request near each
 * reported latency percentile. Absent when the run sent no trace context.
 */
export interface Exemplars {
  /** Up to 10 ok requests, slowest first. */
  slowest: Exemplar[];
  /** Per error kind, its first (up to 10) failed requests to end, listed in the order they were due. */
  failed: Partial<Record<ErrorKind, Exemplar[]>>;
  /** One ok request near each reported percentile of `latencyMs`, p50 first. */
  percentiles: PercentileExemplar[];
}
