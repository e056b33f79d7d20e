import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { type ErrorKind, statusErrorKind } from '../core/outcome.ts';
import { RequestTimeoutError } from '../core/errors.ts';
import { type BodyLimits, DEFAULT_BODY_LIMITS } from './body-limits.ts';
import { classifyError, describeError } from './classify.ts';
import { requestResult } from './exchange-result.ts';
import type { PreparedRequest } from './prepare.ts';
import { headerRecord, headerValue, isEventStream } from './raw-headers.ts';
import { SseParser } from './sse.ts';
import { markEvent } from './stream-marks.ts';
import type { CheckVerdict, RequestResult, SseEvent } from './types.ts';
import { checkFailure, runCheck } from './verdict.ts';

/** Receives each exchange once when it ends; `gap` is called for each inter-event gap of an SSE stream. */
export interface ExchangeSink {
  done(ex: Exchange): void;
  gap?(ex: Exchange, gapMs: number): void;
}

const now = (): number => performance.now();

/**
 * One request in flight: a lean undici dispatch handler (legacy callbacks, no wrapping) that
 * times the exchange and settles exactly once. Its callbacks never throw.
 */
export class Exchange implements Dispatcher.DispatchHandler {
  status = 0;
  /** Timing base: the iteration's intended start (first request) or when the request was asked for. */
  readonly startMs: number;
  /** When the request was handed to undici. */
  readonly sentMs: number;
  /** When undici handed the request to a socket (onConnect). */
  connectMs = -1;
  headersMs = -1;
  firstEventMs = -1;
  lastEventMs = -1;
  /** First, second and last event carrying answer content (`contentOf`). */
  firstContentMs = -1;
  secondContentMs = -1;
  lastContentMs = -1;
  /** Output tokens as the server counted them (`usageTokensOf`, e.g. OpenAI's `usage.completion_tokens`); -1 when it did not say. */
  usageTokens = -1;
  firstAudioMs = -1;
  firstEchoMs = -1;
  contentEvents = 0;
  /** Characters of answer content received. */
  outputChars = 0;
  /** The answer content of a measured stream, its first `MAX_CONTENT_CHARS` characters (for counting tokens once at the end). */
  contentText = '';
  endMs = -1;
  events = 0;
  errorKind: ErrorKind | undefined;
  error: string | undefined;
  /** The application error code when `errorKind` is `api_error`. */
  apiCode: string | undefined;
  /** Body bytes received. */
  responseBytes = 0;
  body: string | undefined;
  sseEvents: SseEvent[] | undefined;
  settled = false;
  /** The W3C trace id this request carried in its `traceparent`; undefined when the run sends none. */
  traceId: string | undefined;
  /** Free slot for the caller (iteration bookkeeping). */
  tag: unknown;
  /** Deadline list links (owned by `DeadlineList`). */
  deadline = 0;
  prev: Exchange | null = null;
  next: Exchange | null = null;
  list: unknown = null;

  private abortFn: ((err?: Error) => void) | null = null;
  private chunks: Buffer[] | null = null;
  private bodyBytes = 0;
  private capturedBytes = 0;
  private rawHeaders: Buffer[] | null = null;
  private parser: SseParser | null = null;
  private sawFinal = false;
  private streamOk = false;

  constructor(
    readonly req: PreparedRequest,
    startMs: number,
    private readonly sink: ExchangeSink,
    private readonly onSettle: (ex: Exchange) => void,
    sentMs: number = now(),
    private readonly limits: BodyLimits = DEFAULT_BODY_LIMITS,
  ) {
    this.startMs = startMs;
    this.sentMs = sentMs;
    this.deadline = this.sentMs + req.timeoutMs;
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.settled) {
      abort(new RequestTimeoutError(this.req.timeoutMs));
      return;
    }
    this.abortFn = abort;
    this.connectMs = now();
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200) return true;
    if (this.settled) return true;
    this.status = statusCode;
    this.headersMs = now();
    const expect = this.req.expectStatus;
    const okStatus = expect === undefined ? statusCode >= 200 && statusCode < 300 : expect.includes(statusCode);
    if (!okStatus) {
      this.errorKind = statusErrorKind(statusCode);
      this.error = `unexpected status ${statusCode}`;
      return true;
    }
    if (this.req.sse) {
      const type = headerValue(rawHeaders, 'content-type');
      if (!isEventStream(type)) {
        this.fail('invalid_body', `not an event stream: Content-Type ${type === undefined ? 'missing' : `"${type.slice(0, 100)}"`}, expected text/event-stream`);
        return true;
      }
      this.streamOk = true;
      this.parser = new SseParser((e) => this.onEvent(e), this.limits.maxEventBytes);
      if (this.req.captureEvents) this.sseEvents = [];
    } else if (this.req.bufferBody) {
      this.chunks = [];
      if (this.req.check !== undefined) this.rawHeaders = rawHeaders;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    this.responseBytes += chunk.length;
    const parser = this.parser;
    if (parser !== null) {
      if (!parser.push(chunk)) {
        this.cut('invalid_body', `SSE line or event larger than ${this.limits.maxEventBytes} bytes (maxEventBytes), after ${this.events} events`);
      }
    } else if (this.chunks !== null) {
      this.bodyBytes += chunk.length;
      if (this.bodyBytes > this.limits.maxBodyBytes) this.cut('invalid_body', `body larger than ${this.limits.maxBodyBytes} bytes (maxBodyBytes)`);
      else this.chunks.push(chunk);
    }
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    if (this.parser !== null) {
      const fragment = this.parser.end();
      if (fragment !== undefined && !this.sawFinal) this.testFinal(fragment);
      if (this.events === 0) {
        this.fail('stream_aborted', 'stream ended without any data event');
      } else if (this.req.isFinalEvent !== undefined && !this.sawFinal) {
        this.fail('stream_aborted', `stream ended after ${this.events} events without its final event`);
      }
    } else if (this.chunks !== null) {
      this.finishBody();
    }
    this.settle();
  }

  onError(err: Error): void {
    if (this.settled) return;
    if (this.errorKind === undefined || this.errorKind === 'invalid_body') {
      const midStream = this.streamOk;
      const kind = classifyError(err, midStream);
      if (this.errorKind === undefined) {
        this.errorKind = kind;
        this.error = midStream ? `stream cut after ${this.events} events: ${describeError(err)}` : describeError(err);
      }
    }
    this.settle();
  }

  /** Ends the exchange now as a timeout (or `stream_aborted` mid-stream), cutting its connection. */
  expire(): void {
    if (this.settled) return;
    const err = new RequestTimeoutError(this.req.timeoutMs);
    if (this.errorKind === undefined) {
      this.errorKind = this.streamOk ? 'stream_aborted' : 'timeout';
      this.error = this.streamOk ? `stream timed out after ${this.events} events (${this.req.timeoutMs} ms)` : err.message;
    }
    this.settle();
    this.abortFn?.(err);
  }

  /** Ends the exchange now with `kind` and destroys its connection (the rest of the response is not read). */
  private cut(kind: ErrorKind, message: string): void {
    if (this.settled) return;
    this.fail(kind, message);
    this.settle();
    this.abortFn?.(new Error(message));
  }

  /** Fails the exchange before undici took it (dispatch threw). */
  failEarly(err: unknown): void {
    if (this.settled) return;
    this.errorKind = classifyError(err, false);
    this.error = describeError(err);
    this.settle();
  }

  /** The result handed to a scenario. */
  toResult(): RequestResult {
    return requestResult(this);
  }

  serviceTimeMs(): number {
    return this.endMs - (this.connectMs >= 0 ? this.connectMs : this.sentMs);
  }

  private onEvent(e: SseEvent): void {
    if (this.settled) return;
    const t = now();
    if (this.firstEventMs < 0) this.firstEventMs = t;
    else this.sink.gap?.(this, t - this.lastEventMs);
    this.lastEventMs = t;
    this.events++;
    markEvent(this, e, t);
    if (this.sseEvents !== undefined) {
      this.capturedBytes += Buffer.byteLength(e.data) + Buffer.byteLength(e.event);
      if (this.capturedBytes > this.limits.maxBodyBytes) {
        this.cut('invalid_body', `captured SSE events larger than ${this.limits.maxBodyBytes} bytes (maxBodyBytes), after ${this.events} events`);
        return;
      }
      this.sseEvents.push(e);
    }
    if (!this.sawFinal) this.testFinal(e);
    const checkEvent = this.req.checkEvent;
    if (checkEvent !== undefined && this.errorKind === undefined) {
      this.judge(runCheck(checkEvent, e, 'checkEvent'), `event ${this.events} `);
    }
  }

  private testFinal(e: SseEvent): void {
    const isFinal = this.req.isFinalEvent;
    if (isFinal === undefined) return;
    try {
      if (isFinal(e)) this.sawFinal = true;
    } catch {
      // a throwing recogniser does not recognise the event
    }
  }

  private finishBody(): void {
    const chunks = this.chunks ?? [];
    this.chunks = null;
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    if (this.req.captureBody) this.body = text;
    const check = this.req.check;
    if (check === undefined) return;
    const verdict = runCheck(check, { status: this.status, headers: headerRecord(this.rawHeaders), body: text }, 'check');
    this.rawHeaders = null;
    this.judge(verdict, '');
  }

  /** Applies a check's verdict: a reason fails as `invalid_body`, an api error as `api_error` with its code. */
  private judge(verdict: CheckVerdict, where: string): void {
    const failure = checkFailure(verdict, where);
    if (failure === undefined) return;
    if (failure.apiCode !== undefined) {
      if (this.errorKind !== undefined) return;
      this.apiCode = failure.apiCode;
    }
    this.fail(failure.kind, failure.message);
  }

  private fail(kind: ErrorKind, message: string): void {
    if (this.errorKind !== undefined) return;
    this.errorKind = kind;
    this.error = message;
  }

  private settle(): void {
    this.settled = true;
    this.endMs = now();
    this.parser = null;
    this.chunks = null;
    this.onSettle(this);
    try {
      this.sink.done(this);
    } catch {
      // sinks are engine code and do not throw; a throw must not reach undici
    }
  }
}
