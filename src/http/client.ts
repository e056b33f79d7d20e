import { Pool } from 'undici';
import { type BodyLimits, DEFAULT_MAX_BODY_BYTES } from './body-limits.ts';
import { Exchange, type ExchangeSink } from './exchange.ts';
import type { PreparedRequest } from './prepare.ts';
import { RunEndedError } from '../core/errors.ts';
import { DEFAULT_MAX_EVENT_BYTES } from './sse.ts';
import { type TraceOptions, TraceStamper } from './trace.ts';

export interface HttpClientOptions {
  /** Connections per origin. */
  connections: number;
  /** Connect timeout, ms. @default 10000 */
  connectTimeoutMs?: number;
  /** How often expired requests are cut, ms. @default 10 */
  sweepMs?: number;
  /** Largest SSE line, or event's fields together, in bytes; past it the request is `invalid_body`. @default 1048576 (1 MiB) */
  maxEventBytes?: number;
  /** Largest body buffered for a check or capture, in bytes; past it the request is `invalid_body`. @default 4194304 (4 MiB) */
  maxBodyBytes?: number;
  /** W3C trace context on every request (a fresh `traceparent` each); `false` sends none. @default {} (on, not sampled) */
  trace?: TraceOptions | false;
}

/** Exchanges in flight, kept in dispatch order (deadlines are monotonic per timeout value). */
class DeadlineList {
  head: Exchange | null = null;
  tail: Exchange | null = null;
  push(ex: Exchange): void {
    ex.list = this;
    ex.prev = this.tail;
    ex.next = null;
    if (this.tail !== null) this.tail.next = ex;
    else this.head = ex;
    this.tail = ex;
  }
  remove(ex: Exchange): void {
    if (ex.list !== this) return;
    if (ex.prev !== null) ex.prev.next = ex.next;
    else this.head = ex.next;
    if (ex.next !== null) ex.next.prev = ex.prev;
    else this.tail = ex.prev;
    ex.prev = ex.next = null;
    ex.list = null;
  }
}

/**
 * The engine's HTTP client: one keep-alive undici `Pool` per origin (pipelining 1), requests sent
 * with `dispatch` and a lean handler, an overall deadline per request swept by one timer.
 */
export class HttpClient {
  private readonly pools = new Map<string, Pool>();
  private readonly lists = new Map<number, DeadlineList>();
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly settleFn = (ex: Exchange): void => this.onSettle(ex);
  private closed = false;
  /** The deadline list used last and its timeout (most runs use one timeout). */
  private lastList: DeadlineList | null = null;
  private lastTimeoutMs = -1;
  private readonly limits: BodyLimits;
  private readonly tracer: TraceStamper | null;
  /** Requests handed to undici and not yet settled. */
  inFlight = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.limits = {
      maxEventBytes: options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    };
    this.tracer = options.trace === false ? null : new TraceStamper(options.trace);
    this.sweepTimer = setInterval(() => this.sweep(), options.sweepMs ?? 10);
    this.sweepTimer.unref();
  }

  /**
   * Sends a request; the sink hears about it exactly once. Never throws. `sentMs` is the caller's
   * `performance.now()` of this instant when it has one (saves reading the clock again).
   */
  send(req: PreparedRequest, startMs: number, sink: ExchangeSink, tag?: unknown, sentMs?: number): Exchange {
    const ex = new Exchange(req, startMs, sink, this.settleFn, sentMs, this.limits);
    ex.tag = tag;
    if (this.closed) {
      ex.failEarly(new RunEndedError());
      return ex;
    }
    this.inFlight++;
    let list = this.lastList;
    if (list === null || this.lastTimeoutMs !== req.timeoutMs) {
      list = this.lists.get(req.timeoutMs) ?? null;
      if (list === null) {
        list = new DeadlineList();
        this.lists.set(req.timeoutMs, list);
      }
      this.lastList = list;
      this.lastTimeoutMs = req.timeoutMs;
    }
    list.push(ex);
    try {
      let opts = req.opts;
      if (this.tracer !== null && !req.ownTrace) {
        const stamped = this.tracer.stamp(opts);
        opts = stamped.opts;
        ex.traceId = stamped.traceId;
      }
      this.pool(req.origin).dispatch(opts, ex);
    } catch (err) {
      ex.failEarly(err);
    }
    return ex;
  }

  /** The pool of an origin, created on first use. */
  pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: this.options.connections,
        pipelining: 1,
        connectTimeout: this.options.connectTimeoutMs ?? 10_000,
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
      });
      // a pool emits 'connectionError'/'disconnect' events; requests carry their own errors
      pool.on('connectionError', () => {});
      pool.on('disconnect', () => {});
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Cuts every request still in flight (they settle as `timeout`/`stream_aborted` unless the caller already stopped listening). */
  cutAll(): void {
    for (const list of this.lists.values()) {
      let ex = list.head;
      while (ex !== null) {
        const next = ex.next;
        ex.expire();
        ex = next;
      }
    }
  }

  /** Closes every pool, destroying connections still busy. Never throws. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweepTimer);
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
  }

  private onSettle(ex: Exchange): void {
    const list = ex.list as DeadlineList | null;
    if (list !== null) {
      list.remove(ex);
      this.inFlight--;
    }
  }

  private sweep(): void {
    if (this.inFlight === 0) return;
    const t = performance.now();
    for (const list of this.lists.values()) {
      while (list.head !== null && list.head.deadline <= t) list.head.expire();
    }
  }
}
