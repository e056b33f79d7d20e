import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { readTraceparent } from './trace-log.ts';
import type { EndpointKey } from './model.ts';
import type { Job } from './pool.ts';
import type { SimRuntime } from './runtime.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
/** Random bytes for correlation ids, drawn 4 KiB at a time (one `randomBytes` call per 256 ids). */
let idBytes = Buffer.alloc(0);
let idAt = 0;

/** `X-Correlation-Id`: 32 random lowercase hex characters (§20). */
function correlationId(): string {
  if (idAt + 16 > idBytes.length) {
    idBytes = randomBytes(4096);
    idAt = 0;
  }
  idAt += 16;
  return idBytes.toString('hex', idAt - 16, idAt);
}
const VALIDATION_MESSAGE = 'Your request is not valid!';

/** A model-validation failure: the member (as the DTO names it) and its message. */
export interface ValidationFailure {
  member: string;
  message: string;
}

/**
 * One request: response helpers that write at most once, the gateway's origin timeout (524 when
 * no headers went out in time) and the worker gate of the latency model.
 */
export class Ctx {
  finished = false;
  aborted = false;
  readonly startMs = Date.now();
  /** Arrival, for the trace log's server time. */
  private readonly t0 = performance.now();
  /** Time spent waiting for a worker, in service, and receiving the LLM's reply (the trace log's figures). */
  queueMs = 0;
  serviceMs = 0;
  llmMs = 0;
  /** The request's W3C trace id and flags, once read (`traceparent`); null: none or malformed. */
  private trace: { traceId: string; traceFlags: number; spanId: string } | null | undefined;
  private originTimer: NodeJS.Timeout | undefined;
  private job: Job | undefined;
  private abortHandlers: (() => void)[] = [];
  private queryCache: URLSearchParams | undefined;

  constructor(readonly req: IncomingMessage, readonly res: ServerResponse, readonly rt: SimRuntime, readonly path: string, private readonly rawQuery: string, behindGateway = true) {
    if (behindGateway) this.originTimer = setTimeout(() => this.gatewayTimeout(), rt.config.originTimeoutMs);
    res.on('close', () => {
      this.clearOriginTimer();
      if (!res.writableFinished) {
        this.aborted = true;
        this.rt.stats.clientAbortsTotal++;
        if (this.job) this.rt.pools[this.jobBackend].cancel(this.job);
        const handlers = this.abortHandlers;
        this.abortHandlers = [];
        for (const h of handlers) h();
      }
      this.finished = true;
      if (rt.traceLog !== undefined) this.logTrace(rt.traceLog);
    });
  }

  /** The request's trace context (its trace id, and this server's own span id), read once. */
  private traceContext(): { traceId: string; traceFlags: number; spanId: string } | null {
    if (this.trace === undefined) {
      const tp = readTraceparent(this.req.headers.traceparent);
      this.trace = tp === undefined ? null : { ...tp, spanId: correlationId().slice(0, 16) };
    }
    return this.trace;
  }

  private logTrace(log: NonNullable<SimRuntime['traceLog']>): void {
    const tc = this.traceContext();
    const r2 = (v: number): number => Math.round(v * 100) / 100;
    log.write({
      traceId: tc?.traceId ?? null,
      spanId: tc?.spanId ?? null,
      method: this.req.method ?? 'GET',
      path: this.path,
      status: this.res.statusCode,
      serverMs: r2(performance.now() - this.t0),
      queueMs: r2(this.queueMs),
      serviceMs: r2(this.serviceMs),
      llmMs: r2(this.llmMs),
      aborted: this.aborted,
    });
  }

  private jobBackend: keyof SimRuntime['pools'] = 'api';

  get query(): URLSearchParams {
    return (this.queryCache ??= new URLSearchParams(this.rawQuery));
  }

  /** True while the response can still be written. */
  get open(): boolean {
    return !this.finished && !this.aborted;
  }

  onAbort(handler: () => void): void {
    this.abortHandlers.push(handler);
  }

  /**
   * Waits for a worker of the endpoint's backend and its service time plus `extraMs` (work that
   * grows with the response, e.g. a long session list); false if the request died meanwhile.
   */
  work(key: EndpointKey, extraMs = 0): Promise<boolean> {
    if (!this.open) return Promise.resolve(false);
    const { backend, ms: base } = this.rt.serviceTime(key);
    const ms = base + extraMs * this.rt.config.timeScale;
    this.jobBackend = backend;
    const submitted = performance.now();
    return new Promise((resolve) => {
      this.job = this.rt.pools[backend].submit(ms, () => {
        this.job = undefined;
        this.serviceMs += ms;
        this.queueMs += Math.max(0, performance.now() - submitted - ms);
        resolve(this.open);
      });
      this.onAbort(() => resolve(false));
    });
  }

  /** Resolves after `ms` (a simulated delay outside any worker), false if the request died. */
  delay(ms: number): Promise<boolean> {
    if (!this.open) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.rt.streamTimers.delete(t);
        resolve(this.open);
      }, ms);
      this.rt.streamTimers.add(t);
      this.onAbort(() => {
        clearTimeout(t);
        this.rt.streamTimers.delete(t);
        resolve(false);
      });
    });
  }

  /** Starts a response (status and headers); clears the origin timeout. */
  head(status: number, headers: Record<string, string | number>): boolean {
    if (!this.open || this.res.headersSent) return false;
    this.clearOriginTimer();
    headers['X-Correlation-Id'] = correlationId();
    if (this.req.headers.traceparent !== undefined) {
      const tc = this.traceContext();
      if (tc !== null) headers.traceresponse = `00-${tc.traceId}-${tc.spanId}-0${tc.traceFlags & 1}`;
    }
    this.res.writeHead(status, headers);
    return true;
  }

  send(status: number, contentType: string | null, body: string | Buffer = ''): void {
    const headers: Record<string, string | number> = { 'Content-Length': Buffer.byteLength(body) };
    if (contentType) headers['Content-Type'] = contentType;
    if (!this.head(status, headers)) return;
    this.finished = true;
    this.res.end(body);
  }

  json(status: number, body: unknown): void {
    this.send(status, JSON_TYPE, JSON.stringify(body));
  }

  /** `{"code":"20000","data":<dataJson>,"message":""}` with status 200, `dataJson` already serialised. */
  okJson(dataJson: string): void {
    this.send(200, JSON_TYPE, `{"code":"20000","data":${dataJson},"message":""}`);
  }

  /** `{"code":"20000","data":…,"message":""}` with status 200. */
  ok(data: unknown): void {
    this.send(200, JSON_TYPE, `{"code":"20000","data":${data === undefined ? 'null' : JSON.stringify(data)},"message":""}`);
  }

  /** Status of an error envelope: 200 as the real API (`errorStatus: 'envelope'`), else `errorEnvelopeStatus`. */
  private get errorHttpStatus(): number {
    return this.rt.config.errorStatus === 'envelope' ? 200 : this.rt.config.errorEnvelopeStatus;
  }

  /** A `UserFriendlyException`: `{"code":"50000","data":null,"message":…}`, HTTP 200 by default (§20). */
  fail(message: string): void {
    this.json(this.errorHttpStatus, { code: '50000', data: null, message });
  }

  /** Model validation failed: `{"code":"-1","message":"Your request is not valid!","validationErrors":[…]}`, HTTP 200 by default (§20). */
  invalid(...failures: ValidationFailure[]): void {
    this.json(this.errorHttpStatus, {
      code: '-1',
      data: null,
      message: VALIDATION_MESSAGE,
      validationErrors: failures.map((f) => ({ memberNames: [f.member], errorMessage: f.message })),
    });
  }

  /** A void or empty result: `{"code":"20001","data":null,"message":"empty result"}` (§20). */
  emptyResult(): void {
    this.send(200, JSON_TYPE, '{"code":"20001","data":null,"message":"empty result"}');
  }

  text(status: number, message: string): void {
    this.send(status, 'text/plain; charset=utf-8', message);
  }

  empty(status: number): void {
    this.send(status, null);
  }

  private gatewayTimeout(): void {
    this.originTimer = undefined;
    if (!this.open || this.res.headersSent) return;
    this.rt.stats.gatewayTimeoutsTotal++;
    if (this.job) this.rt.pools[this.jobBackend].cancel(this.job);
    this.text(524, 'error code: 524');
    const handlers = this.abortHandlers;
    this.abortHandlers = [];
    for (const h of handlers) h();
  }

  private clearOriginTimer(): void {
    if (this.originTimer) {
      clearTimeout(this.originTimer);
      this.originTimer = undefined;
    }
  }
}
