import { outcomeOf } from '../core/outcome.ts';
import type { Exchange } from './exchange.ts';
import type { RequestResult } from './types.ts';

/** What a scenario sees of an ended exchange: times from its start, outcome, error and stream marks. */
export function requestResult(ex: Exchange): RequestResult {
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
