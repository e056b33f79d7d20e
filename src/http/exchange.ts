import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { type ErrorKind, outcomeOf, statusErrorKind } from '../core/outcome.ts';
import { RequestTimeoutError } from '../core/errors.ts';
import { classifyError, describeError } from './classify.ts';
import type { PreparedRequest } from './prepare.ts';
import { DEFAULT_MAX_EVENT_BYTES, SseParser } from './sse.ts';
import type { CheckVerdict, RequestResult, SseEvent } from './types.ts';

/** Receives each exchange once when it ends; `gap` is called for each inter-event gap of an SSE stream. */
export interface ExchangeSink {
  done(ex: Exchange): void;
  gap?(ex: Exchange, gapMs: number): void;
}

/** Default largest body kept for a check or capture, bytes; a larger one is `invalid_body`. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** How much of a response an exchange may hold, bytes. */
export interface BodyLimits {
  /** One SSE line, or one event's fields together. */
  readonly maxEventBytes: number;
  /** A non-SSE body buffered for a check or capture. */
  readonly maxBodyBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { maxEventBytes: DEFAULT_MAX_EVENT_BYTES, maxBodyBytes: DEFAULT_MAX_BODY_BYTES };

const now = (): number => performance.now();

/** Answer text kept per stream for counting its tokens, characters; past it the count is extrapolated. */
export const MAX_CONTENT_CHARS = 16 * 1024;

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
  /** First and last event carrying answer content (`contentOf`). */
  firstContentMs = -1;
  lastContentMs = -1;
  firstAudioMs = -1;
  firstEchoMs = -1;
  contentEvents = 0;
  /** Characters of answer content received. */
  outputChars = 0;
  /** The answer content of a measured stream, its first {@link MAX_CONTENT_CHARS} characters (for counting tokens once at the end). */
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
    const r: RequestResult = {
      name: this.req.name,
      outcome: this.errorKind === undefined ? 'ok' : outcomeOf(this.errorKind),
      status: this.status,
      responseBytes: this.responseBytes,
      latencyMs: this.endMs - this.startMs,
      serviceTimeMs: this.serviceTimeMs(),
    };
    if (this.errorKind !== undefined) {
      r.errorKind = this.errorKind;
      if (this.error !== undefined) r.error = this.error;
      if (this.apiCode !== undefined) r.apiCode = this.apiCode;
    }
    if (this.headersMs >= 0) r.ttfbMs = this.headersMs - this.startMs;
    if (this.req.sse) {
      r.events = this.events;
      r.contentEvents = this.contentEvents;
      r.outputChars = this.outputChars;
      if (this.firstContentMs >= 0) r.ttftMs = this.firstContentMs - this.startMs;
      if (this.firstEventMs >= 0) r.ttfeMs = this.firstEventMs - this.startMs;
      if (this.firstAudioMs >= 0) r.ttfaMs = this.firstAudioMs - this.startMs;
      if (this.firstEchoMs >= 0) r.echoMs = this.firstEchoMs - this.startMs;
      if (this.sseEvents !== undefined) r.sseEvents = this.sseEvents;
    }
    if (this.body !== undefined) r.body = this.body;
    return r;
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
    this.classify(e, t);
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
      let verdict: CheckVerdict;
      try {
        verdict = checkEvent(e);
      } catch (err) {
        verdict = `checkEvent threw: ${describeError(err)}`;
      }
      this.judge(verdict, `event ${this.events} `);
    }
  }

  /** Content, audio and echo marks of one event; the recognisers are the scenario's and may throw. */
  private classify(e: SseEvent, t: number): void {
    const req = this.req;
    let text: string | undefined;
    try {
      text = req.contentOf(e);
    } catch {
      text = undefined;
    }
    if (typeof text === 'string' && text.length > 0) {
      if (this.firstContentMs < 0) this.firstContentMs = t;
      this.lastContentMs = t;
      this.contentEvents++;
      this.outputChars += text.length;
      if (req.measure && this.contentText.length < MAX_CONTENT_CHARS) {
        const room = MAX_CONTENT_CHARS - this.contentText.length;
        this.contentText += text.length <= room ? text : text.slice(0, room);
      }
    }
    if (this.firstAudioMs < 0 && req.isAudio !== undefined && recognises(req.isAudio, e)) this.firstAudioMs = t;
    if (this.firstEchoMs < 0 && req.isEcho !== undefined && recognises(req.isEcho, e)) this.firstEchoMs = t;
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
    let verdict: CheckVerdict;
    try {
      verdict = check({ status: this.status, headers: headerRecord(this.rawHeaders), body: text });
    } catch (err) {
      verdict = `check threw: ${describeError(err)}`;
    }
    this.rawHeaders = null;
    this.judge(verdict, '');
  }

  /** Applies a check's verdict: a reason fails as `invalid_body`, an api error as `api_error` with its code. */
  private judge(verdict: CheckVerdict, where: string): void {
    if (typeof verdict === 'string') {
      this.fail('invalid_body', where ? `${where}rejected: ${verdict}` : verdict);
    } else if (verdict !== null && typeof verdict === 'object' && this.errorKind === undefined) {
      const code = typeof verdict.apiCode === 'string' && verdict.apiCode !== '' ? verdict.apiCode : '(no code)';
      this.apiCode = code;
      const message = typeof verdict.message === 'string' && verdict.message !== '' ? `: ${verdict.message}` : '';
      this.fail('api_error', `${where}api error code ${code}${message}`);
    }
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

function recognises(fn: (e: SseEvent) => boolean, e: SseEvent): boolean {
  try {
    return fn(e) === true;
  } catch {
    return false;
  }
}

/** The first value of header `name` (lower case) in undici's raw `[name, value, ...]` list. */
function headerValue(raw: Buffer[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i]!;
    if (k.length === name.length && k.toString('latin1').toLowerCase() === name) return raw[i + 1]!.toString('latin1');
  }
  return undefined;
}

/** Whether a Content-Type names `text/event-stream` (parameters such as `charset` allowed). */
function isEventStream(type: string | undefined): boolean {
  if (type === undefined) return false;
  const semi = type.indexOf(';');
  return (semi === -1 ? type : type.slice(0, semi)).trim().toLowerCase() === 'text/event-stream';
}

function headerRecord(raw: Buffer[] | null): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  if (raw === null) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i]!.toString('latin1').toLowerCase();
    const v = raw[i + 1]!.toString('latin1');
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}
