import { outcomeOf } from '../core/outcome.ts';
import type { ErrorKind } from '../core/outcome.ts';
import type { PreparedRequest } from './prepare.ts';
import type { RequestResult, SseEvent } from './types.ts';

/** What {@link requestResult} reads of an ended exchange (an `Exchange` has it). */
export interface EndedExchange {
  readonly req: Pick<PreparedRequest, 'name' | 'sse'>;
  readonly status: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly headersMs: number;
  readonly responseBytes: number;
  readonly errorKind: ErrorKind | undefined;
  readonly error: string | undefined;
  readonly apiCode: string | undefined;
  readonly events: number;
  readonly contentEvents: number;
  readonly outputChars: number;
  readonly firstContentMs: number;
  readonly firstEventMs: number;
  readonly firstAudioMs: number;
  readonly firstEchoMs: number;
  readonly sseEvents: SseEvent[] | undefined;
  readonly body: string | undefined;
  serviceTimeMs(): number;
}

/** What a scenario sees of an ended exchange: times from its start, outcome, error and stream marks. */
export function requestResult(ex: EndedExchange): RequestResult {
  const r: RequestResult = {
    name: ex.req.name,
    outcome: ex.errorKind === undefined ? 'ok' : outcomeOf(ex.errorKind),
    status: ex.status,
    responseBytes: ex.responseBytes,
    latencyMs: ex.endMs - ex.startMs,
    serviceTimeMs: ex.serviceTimeMs(),
  };
  if (ex.errorKind !== undefined) {
    r.errorKind = ex.errorKind;
    if (ex.error !== undefined) r.error = ex.error;
    if (ex.apiCode !== undefined) r.apiCode = ex.apiCode;
  }
  if (ex.headersMs >= 0) r.ttfbMs = ex.headersMs - ex.startMs;
  if (ex.req.sse) {
    r.events = ex.events;
    r.contentEvents = ex.contentEvents;
    r.outputChars = ex.outputChars;
    if (ex.firstContentMs >= 0) r.ttftMs = ex.firstContentMs - ex.startMs;
    if (ex.firstEventMs >= 0) r.ttfeMs = ex.firstEventMs - ex.startMs;
    if (ex.firstAudioMs >= 0) r.ttfaMs = ex.firstAudioMs - ex.startMs;
    if (ex.firstEchoMs >= 0) r.echoMs = ex.firstEchoMs - ex.startMs;
    if (ex.sseEvents !== undefined) r.sseEvents = ex.sseEvents;
  }
  if (ex.body !== undefined) r.body = ex.body;
  return r;
}
