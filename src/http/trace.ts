import { randomFillSync } from 'node:crypto';
import { ROOT_CONTEXT, type SpanContext, type TextMapSetter, TraceFlags, trace } from '@opentelemetry/api';
import { TraceState, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Dispatcher } from 'undici';
import { ConfigError } from '../core/errors.ts';
import { escapeControlChars } from '../core/control-chars.ts';

/** W3C trace context on the requests of a run. */
export interface TraceOptions {
  /** Sets the sampled flag (`-01`) of each `traceparent`, asking the target to record its trace. @default false */
  sampled?: boolean;
  /** A W3C `tracestate` sent with every request (`vendor=value,...`). @default none */
  tracestate?: string;
}

/** Random bytes drawn per refill: 24 bytes (trace and span id) per request, one `randomFillSync` per 170 requests. */
const POOL_BYTES = 4080;
const propagator = new W3CTraceContextPropagator();
const pushSetter: TextMapSetter<string[]> = { set: (carrier, key, value) => void carrier.push(key, value) };

/** A valid `tracestate` (W3C list), or a `ConfigError` naming `what`. */
export function parseTracestate(value: string, what: string): TraceState {
  const state = new TraceState(value);
  const given = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (given.length === 0 || state.serialize().split(',').filter((s) => s !== '').length !== given.length) {
    throw new ConfigError(`${what}: "${escapeControlChars(value.slice(0, 80))}" is not a W3C tracestate (comma-separated key=value pairs, lower-case keys, at most 32)`);
  }
  return state;
}

/**
 * Stamps requests with a fresh W3C `traceparent` (a new trace id and span id each, drawn from a
 * pooled crypto buffer) through OpenTelemetry's W3C propagator, plus the run's `tracestate`.
 * Never throws once built.
 */
export class TraceStamper {
  private readonly flags: TraceFlags;
  private readonly state: TraceState | undefined;
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private at = POOL_BYTES;

  constructor(options: TraceOptions = {}) {
    this.flags = options.sampled === true ? TraceFlags.SAMPLED : TraceFlags.NONE;
    this.state = options.tracestate === undefined ? undefined : parseTracestate(options.tracestate, 'tracestate');
  }

  /** A fresh span context: new trace id and span id, never all zeros. */
  next(): SpanContext {
    if (this.at + 24 > POOL_BYTES) {
      randomFillSync(this.pool);
      this.at = 0;
    }
    const at = this.at;
    this.at += 24;
    let traceId = this.pool.toString('hex', at, at + 16);
    let spanId = this.pool.toString('hex', at + 16, at + 24);
    if (traceId === '00000000000000000000000000000000') traceId = '00000000000000000000000000000001';
    if (spanId === '0000000000000000') spanId = '0000000000000001';
    return this.state === undefined ? { traceId, spanId, traceFlags: this.flags } : { traceId, spanId, traceFlags: this.flags, traceState: this.state };
  }

  /** The trace headers of a fresh context, appended to `headers` (a flat name/value list); returns the trace id. */
  inject(headers: string[]): string {
    const sc = this.next();
    propagator.inject(trace.setSpanContext(ROOT_CONTEXT, sc), headers, pushSetter);
    return sc.traceId;
  }

  /** The trace headers as a record (set-up traffic); returns the trace id with them. */
  headers(): { traceId: string; headers: Record<string, string> } {
    const list: string[] = [];
    const traceId = this.inject(list);
    const headers: Record<string, string> = {};
    for (let i = 0; i < list.length; i += 2) headers[list[i]!] = list[i + 1]!;
    return { traceId, headers };
  }

  /** `opts` with fresh trace headers added to its header list (a copy: a prepared request is shared). */
  stamp(opts: Dispatcher.DispatchOptions): { opts: Dispatcher.DispatchOptions; traceId: string } {
    const headers = (opts.headers as string[] | null | undefined)?.slice() ?? [];
    const traceId = this.inject(headers);
    return { opts: { ...opts, headers }, traceId };
  }
}
