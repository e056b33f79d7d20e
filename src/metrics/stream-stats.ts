import type { Distribution, HistogramName, StreamSummary } from '../result/types.ts';
import { createHistogram, digest, encodeHistogram, recordMs, type Histogram } from './histogram.ts';
import { countOutputTokens, TOKEN_ENCODING } from './tokens.ts';

/** Names of the stream histograms in `RunSummary.histograms`. */
export const STREAM_HISTOGRAMS = [
  'ttfb', 'ttft', 'ttfe', 'ttfa', 'echo', 'interEvent', 'tpot', 'outputChars', 'outputTokens', 'outputTokensPerS',
] as const satisfies readonly HistogramName[];
export type StreamHistogramName = (typeof STREAM_HISTOGRAMS)[number];

/** What a finished measured stream contributes. Negative times are absent. */
export interface StreamSample {
  ok: boolean;
  aborted: boolean;
  latencyMs: number;
  ttfbMs: number;
  ttftMs: number;
  ttfeMs: number;
  ttfaMs: number;
  echoMs: number;
  /** Negative with fewer than two content events. */
  tpotMs: number;
  events: number;
  contentEvents: number;
  outputChars: number;
  /** The answer's first characters, for its token count (empty when the request kept none). */
  contentText: string;
}

/**
 * The stream metrics of one scope. Every histogram holds values × 1000 (µs for times; milli-chars,
 * milli-tokens and milli-tokens/s for the others), so that one `digest` and one merge serve all.
 * First-event times keep every stream that got that far; decode metrics (TPOT, output size and
 * rate) keep the streams that ended ok, whose output is whole. Tokens are counted once per stream.
 */
export class StreamStats {
  private readonly h: Record<StreamHistogramName, Histogram>;
  events = 0;
  aborted = 0;
  completed = 0;
  contentEvents = 0;
  outputTokens = 0;
  seen = false;

  constructor() {
    this.h = Object.fromEntries(STREAM_HISTOGRAMS.map((n) => [n, createHistogram()])) as Record<StreamHistogramName, Histogram>;
  }

  /** Pooled gap between consecutive data events. */
  gap(ms: number): void {
    recordMs(this.h.interEvent, ms);
  }

  request(s: StreamSample): void {
    const h = this.h;
    this.seen = true;
    if (s.ttfbMs >= 0) recordMs(h.ttfb, s.ttfbMs);
    if (s.ttftMs >= 0) recordMs(h.ttft, s.ttftMs);
    if (s.ttfeMs >= 0) recordMs(h.ttfe, s.ttfeMs);
    if (s.ttfaMs >= 0) recordMs(h.ttfa, s.ttfaMs);
    if (s.echoMs >= 0) recordMs(h.echo, s.echoMs);
    this.events += s.events;
    this.contentEvents += s.contentEvents;
    if (s.aborted) this.aborted++;
    if (!s.ok) return;
    this.completed++;
    if (s.tpotMs >= 0) recordMs(h.tpot, s.tpotMs);
    recordMs(h.outputChars, s.outputChars);
    const tokens = countOutputTokens(s.contentText, s.outputChars);
    this.outputTokens += tokens;
    recordMs(h.outputTokens, tokens);
    if (s.latencyMs > 0) recordMs(h.outputTokensPerS, (tokens * 1000) / s.latencyMs);
  }

  summary(windowS: number): StreamSummary {
    const h = this.h;
    const d = (n: StreamHistogramName): Distribution => digest(h[n]);
    return {
      ttfbMs: d('ttfb'),
      ttftMs: d('ttft'),
      ttfeMs: d('ttfe'),
      ttfaMs: d('ttfa'),
      echoMs: d('echo'),
      interEventMs: d('interEvent'),
      tpotMs: d('tpot'),
      outputChars: d('outputChars'),
      outputTokens: d('outputTokens'),
      outputTokensPerS: d('outputTokensPerS'),
      totalOutputTokensPerS: windowS > 0 ? Math.round((this.outputTokens / windowS) * 1000) / 1000 : 0,
      tokenEncoding: TOKEN_ENCODING,
      events: this.events,
      contentEvents: this.contentEvents,
      aborted: this.aborted,
      completed: this.completed,
    };
  }

  encoded(): Partial<Record<StreamHistogramName, string>> {
    const out: Partial<Record<StreamHistogramName, string>> = {};
    for (const n of STREAM_HISTOGRAMS) out[n] = encodeHistogram(this.h[n]);
    return out;
  }

  destroy(): void {
    for (const n of STREAM_HISTOGRAMS) this.h[n].destroy();
  }
}
