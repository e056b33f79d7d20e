import type { Exchange } from '../http/exchange.ts';
import type { GoodputSample } from './goodput.ts';
import type { RequestSample } from './scope.ts';
import type { StreamSample } from './stream-stats.ts';
import { countOutputTokens } from './tokens.ts';

type StreamFields = Omit<StreamSample, 'ok' | 'aborted' | 'latencyMs' | 'ttfbMs'>;

/** The stream fields of a request sample with nothing measured. */
export function emptyStreamSample(): StreamFields & { ttfbMs: number } {
  return {
    ttfbMs: -1, ttftMs: -1, ttstMs: -1, ttfeMs: -1, ttfaMs: -1, echoMs: -1, tpotMs: -1, events: 0, contentEvents: 0, outputChars: 0,
    outputTokens: -1, inputTokens: -1, tokensFromUsage: false, wholeDataLine: false,
  };
}

/**
 * Copies an exchange's stream marks into the reused sample: times from the intended start, TTST
 * from the first content event to the second. A measured stream that ended ok (and `countTokens`:
 * it is recorded or judged for goodput) gets its output tokens, the server's count when an event
 * gave one, else counted with the tokenizer once, and TPOT = (last content − first content) /
 * (output tokens − 1) when it has two content events and two tokens or more, as vLLM, AIPerf and
 * genai-perf define it: decode ends at the last content event, never at `[DONE]`, a usage-only
 * event or the close.
 */
export function fillStreamSample(sample: RequestSample, ex: Exchange, countTokens: boolean): void {
  const start = ex.startMs;
  sample.events = ex.events;
  sample.ttfeMs = ex.firstEventMs >= 0 ? ex.firstEventMs - start : -1;
  sample.ttftMs = ex.firstContentMs >= 0 ? ex.firstContentMs - start : -1;
  sample.ttstMs = ex.secondContentMs >= 0 ? ex.secondContentMs - ex.firstContentMs : -1;
  sample.ttfaMs = ex.firstAudioMs >= 0 ? ex.firstAudioMs - start : -1;
  sample.echoMs = ex.firstEchoMs >= 0 ? ex.firstEchoMs - start : -1;
  sample.contentEvents = ex.contentEvents;
  sample.outputChars = ex.outputChars;
  sample.wholeDataLine = ex.req.wholeDataLine;
  sample.tokensFromUsage = ex.usageTokens >= 0;
  sample.outputTokens = -1;
  sample.inputTokens = -1;
  sample.tpotMs = -1;
  if (!countTokens || !ex.req.sse || !ex.req.measure || ex.errorKind !== undefined) return;
  const tokens = ex.usageTokens >= 0 ? ex.usageTokens : countOutputTokens(ex.contentText, ex.outputChars);
  sample.outputTokens = tokens;
  if (ex.req.inputText !== undefined) sample.inputTokens = countOutputTokens(ex.req.inputText);
  if (ex.contentEvents >= 2 && tokens >= 2) sample.tpotMs = (ex.lastContentMs - ex.firstContentMs) / (tokens - 1);
}

const view: GoodputSample = { ok: false, sse: false, latencyMs: 0, ttftMs: -1, tpotMs: -1 };

/** The sample as goodput judges it (one reused object). */
export function goodputView(s: RequestSample): GoodputSample {
  view.ok = s.errorKind === undefined;
  view.sse = s.sse;
  view.latencyMs = s.latencyMs;
  view.ttftMs = s.ttftMs;
  view.tpotMs = s.tpotMs;
  return view;
}
