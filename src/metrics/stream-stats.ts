import type { Distribution, HistogramName, StreamSummary } from '../result/types.ts';
import { createHistogram, digest, encodeHistogram, recordMs, type Histogram } from './histogram.ts';
import { TOKEN_ENCODING } from './tokens.ts';

/** Names of the stream histograms in `RunSummary.histograms`. */
export const STREAM_HISTOGRAMS = [
  'ttfb', 'ttft', 'ttst', 'ttfe', 'ttfa', 'echo', 'interEvent', 'tpot', 'outputChars', 'outputTokens', 'outputTokensPerS', 'inputTokens',
] as const satisfies readonly HistogramName[];
export type StreamHistogramName = (typeof STREAM_HISTOGRAMS)[number];

/** The summary's warning when streams were measured with no content rule named. */
export const WHOLE_DATA_LINE_WARNING =
  'no content field named: the answer is each whole data line, JSON syntax included, so output tokens, TPOT and tokens/s count it too; name the answer with --content-field PATH or --stream-format openai (contentField / streamFormat in a request)';

/** What a finished measured stream contributes. Negative times are absent. */
export interface StreamSample {
  ok: boolean;
  aborted: boolean;
  latencyMs: number;
  ttfbMs: number;
  ttftMs: number;
  /** From the first content event to the second. */
  ttstMs: number;
  ttfeMs: number;
  ttfaMs: number;
  echoMs: number;
  /** (last content − first content) / (output tokens − 1); negative without two content events and two tokens. */
  tpotMs: number;
  events: number;
  contentEvents: number;
  outputChars: number;
  /** Output tokens of a stream that ended ok (negative when not counted). */
  outputTokens: number;
  /** Input tokens (ISL) of a stream that ended ok and named its prompt (`inputText`); negative when not counted. */
  inputTokens: number;
  /** The output tokens are the server's count (`usage.completion_tokens`), not the tokenizer's. */
  tokensFromUsage: boolean;
  /** No content rule was named: the content is each whole data line, JSON syntax included. */
  wholeDataLine: boolean;
}

/**
 * The stream metrics of one scope. Every histogram holds values × 1000 (µs for times; milli-chars,
 * milli-tokens and milli-tokens/s for the others), so that one `digest` and one merge serve all.
 * First-event times keep every stream that got that far; decode metrics (TPOT, output size and
 * rate) keep the streams that ended ok, whose output is whole. Tokens come counted with the sample.
 */
export class StreamStats {
  private readonly h: Record<StreamHistogramName, Histogram>;
  events = 0;
  aborted = 0;
  completed = 0;
  contentEvents = 0;
  outputTokens = 0;
  inputTokens = 0;
  /** Ok streams whose output tokens are the server's count, and those counted with the tokenizer. */
  tokensFromUsage = 0;
  tokensFromTokenizer = 0;
  /** Streams whose content was each whole data line (no content rule named). */
  wholeDataLineStreams = 0;
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
    if (s.ttstMs >= 0) recordMs(h.ttst, s.ttstMs);
    if (s.ttfeMs >= 0) recordMs(h.ttfe, s.ttfeMs);
    if (s.ttfaMs >= 0) recordMs(h.ttfa, s.ttfaMs);
    if (s.echoMs >= 0) recordMs(h.echo, s.echoMs);
    this.events += s.events;
    this.contentEvents += s.contentEvents;
    if (s.wholeDataLine) this.wholeDataLineStreams++;
    if (s.aborted) this.aborted++;
    if (!s.ok) return;
    this.completed++;
    if (s.tpotMs >= 0) recordMs(h.tpot, s.tpotMs);
    recordMs(h.outputChars, s.outputChars);
    const tokens = Math.max(0, s.outputTokens);
    if (s.tokensFromUsage) this.tokensFromUsage++;
    else this.tokensFromTokenizer++;
    this.outputTokens += tokens;
    recordMs(h.outputTokens, tokens);
    if (s.inputTokens >= 0) {
      recordMs(h.inputTokens, s.inputTokens);
      this.inputTokens += s.inputTokens;
    }
    if (s.latencyMs > 0) recordMs(h.outputTokensPerS, (tokens * 1000) / s.latencyMs);
  }

  summary(windowS: number): StreamSummary {
    const h = this.h;
    const d = (n: StreamHistogramName): Distribution => digest(h[n]);
    return {
      ttfbMs: d('ttfb'),
      ttftMs: d('ttft'),
      ttstMs: d('ttst'),
      ttfeMs: d('ttfe'),
      ttfaMs: d('ttfa'),
      echoMs: d('echo'),
      interEventMs: d('interEvent'),
      tpotMs: d('tpot'),
      outputChars: d('outputChars'),
      outputTokens: d('outputTokens'),
      outputTokensPerS: d('outputTokensPerS'),
      inputTokens: d('inputTokens'),
      totalOutputTokensPerS: windowS > 0 ? Math.round((this.outputTokens / windowS) * 1000) / 1000 : 0,
      tokenEncoding: TOKEN_ENCODING,
      outputTokensFrom: { usage: this.tokensFromUsage, tokenizer: this.tokensFromTokenizer },
      events: this.events,
      contentEvents: this.contentEvents,
      aborted: this.aborted,
      completed: this.completed,
      ...(this.wholeDataLineStreams > 0 ? { wholeDataLineStreams: this.wholeDataLineStreams, warnings: [WHOLE_DATA_LINE_WARNING] } : {}),
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
