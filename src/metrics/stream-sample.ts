import type { Exchange } from '../http/exchange.ts';
import type { GoodputSample } from './goodput.ts';
import type { RequestSample } from './scope.ts';
import type { StreamSample } from './stream-stats.ts';

type StreamFields = Omit<StreamSample, 'ok' | 'aborted' | 'latencyMs' | 'ttfbMs'>;

/** The stream fields of a request sample with nothing measured. */
export function emptyStreamSample(): StreamFields & { ttfbMs: number } {
  return { ttfbMs: -1, ttftMs: -1, ttfeMs: -1, ttfaMs: -1, echoMs: -1, tpotMs: -1, events: 0, contentEvents: 0, outputChars: 0, contentText: '' };
}

/**
 * Copies an exchange's stream marks into the reused sample: times from the intended start, and
 * TPOT = (end of stream − first content) / (content events − 1) when there are two or more.
 */
export function fillStreamSample(sample: RequestSample, ex: Exchange): void {
  const start = ex.startMs;
  sample.events = ex.events;
  sample.ttfeMs = ex.firstEventMs >= 0 ? ex.firstEventMs - start : -1;
  sample.ttftMs = ex.firstContentMs >= 0 ? ex.firstContentMs - start : -1;
  sample.ttfaMs = ex.firstAudioMs >= 0 ? ex.firstAudioMs - start : -1;
  sample.echoMs = ex.firstEchoMs >= 0 ? ex.firstEchoMs - start : -1;
  sample.contentEvents = ex.contentEvents;
  sample.outputChars = ex.outputChars;
  sample.contentText = ex.contentText;
  sample.tpotMs = ex.contentEvents >= 2 ? (ex.endMs - ex.firstContentMs) / (ex.contentEvents - 1) : -1;
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
