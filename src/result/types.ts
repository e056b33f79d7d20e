import type { ErrorKind } from '../core/outcome.ts';
import type { ShardInfo } from '../shard/types.ts';
import type { ArrivalsSummary } from '../load/arrivals.ts';
import type { RunEnvironment } from './environment.ts';
import type { Exemplars } from './exemplar-types.ts';

/** Percentile digest of one HDR histogram, in milliseconds. All zero when `count` is 0. */
export interface Distribution {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** Sizes in bytes (response bodies as received, SSE streams whole). All zero when `count` is 0. */
export interface SizeDistribution {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

export interface RequestCounts {
  /** Iterations the schedule asked for (open model) or started (closed model). */
  scheduled: number;
  /** Iterations actually dispatched. */
  sent: number;
  /** Iterations that ended (ok or failed); sent - completed were cut off by the end of the run. */
  completed: number;
  ok: number;
  /** Completed iterations that failed (any kind but `dropped`). */
  failed: number;
  /** Iterations that could not start because of the in-flight cap. */
  dropped: number;
}

/**
 * SSE metrics of the judged window. First-event times (`ttfbMs` to `echoMs`) keep every measured
 * stream that got that far; decode metrics (`tpotMs`, `outputChars`, `outputTokens`,
 * `outputTokensPerS`) keep the streams that ended ok. What counts as content, audio or echo is the
 * scenario's (`RequestSpec.contentOf`, `isAudio`, `isEcho`).
 */
export interface StreamSummary {
  /** From intended start to response headers. */
  ttfbMs: Distribution;
  /** Time to first token: from intended start to the first event carrying answer content. */
  ttftMs: Distribution;
  /** Time to second token, as AIPerf and genai-perf have it: from the first event carrying answer content to the second (absent in summaries written before it existed). */
  ttstMs?: Distribution;
  /** Time to first event: from intended start to the first data event of any kind (absent in summaries written before it existed). */
  ttfeMs?: Distribution;
  /** Time to first audio: from intended start to the first audio event (count 0 when the scenario marks none). */
  ttfaMs?: Distribution;
  /** From intended start to the first echo of the input (e.g. the speech-to-text transcript). */
  echoMs?: Distribution;
  /** Inter-chunk latency: gaps between consecutive data events of any kind (pooled over streams). */
  interEventMs: Distribution;
  /**
   * Time per output token per stream, as vLLM, AIPerf (ITL) and genai-perf define it: (last content
   * event − first content event) / (output tokens − 1), streams with two content events and two
   * tokens or more. Summaries written before issue 20 hold (end of stream − TTFT) / (content events − 1).
   */
  tpotMs?: Distribution;
  /** Characters (UTF-16 code units) of answer content per stream, in the shape of a latency digest. */
  outputChars?: Distribution;
  /** Output tokens per stream: the server's count when it sent one (`usage.completion_tokens`), else counted in `tokenEncoding` once at the end of the stream. */
  outputTokens?: Distribution;
  /** How many ok streams' output tokens came from the server's `usage` and how many from the tokenizer. */
  outputTokensFrom?: { usage: number; tokenizer: number };
  /** Output tokens per second per stream: output tokens / latency (intended start to end), as LLMPerf's per-request output throughput. */
  outputTokensPerS?: Distribution;
  /**
   * Input tokens (ISL) per stream that ended ok, of the requests that named their prompt
   * (`inputText`: every GodGPT chat), counted with the output tokens' tokenizer; `count` 0 when
   * none did. Absent in summaries written before it existed.
   */
  inputTokens?: Distribution;
  /** Output tokens of every ok stream of the window / window seconds. */
  totalOutputTokensPerS?: number;
  /** Tokenizer encoding of the token counts (`o200k_base`). */
  tokenEncoding?: string;
  /** Total data events received. */
  events: number;
  /** Total events carrying answer content. */
  contentEvents?: number;
  /** Streams cut short (`stream_aborted`). */
  aborted: number;
  /** Streams that ended properly. */
  completed: number;
  /** Streams measured with no content rule named: their content was each whole data line, JSON syntax included. */
  wholeDataLineStreams?: number;
  /** What the reader of these numbers must know (e.g. that no content field was named). */
  warnings?: string[];
}

export interface GeneratorHealth {
  /** Largest event-loop lag seen during the run. */
  maxLagMs: number;
  /** p99 of dispatch lag (actual dispatch minus intended start). */
  p99DispatchLagMs: number;
  /** Requests dispatched later than the lateness threshold. */
  lateRequests: number;
  /** False when the generator fell behind: its latency numbers are not trustworthy. */
  valid: boolean;
  /** Why `valid` is false, and other observations, as sentences. */
  notes: string[];
  /** Distribution of dispatch lag (actual minus intended start) over recorded iterations. */
  dispatchLagMs?: Distribution;
  /** p99 of event-loop lag during the run (perf_hooks `monitorEventLoopDelay`), ms. */
  loopLagP99Ms?: number;
  /**
   * Event-loop stalls longer than `maxDispatchLagMs` that delayed judged requests, the ones that
   * delayed most first (at most 5): `atS` from the start of recording, `requests` delayed.
   */
  stalls?: GeneratorStall[];
  /** Judged requests delayed by a stall; 1% or more of the judged window's requests makes `valid` false. */
  stalledRequests?: number;
}

/** One event-loop stall of the generator. */
export interface GeneratorStall {
  /** Start, seconds from the start of recording (negative: in the warm-up). */
  atS: number;
  durationMs: number;
  /** Judged requests it delayed. */
  requests: number;
}

/** The unrecorded warm-up before recording: load the target received that no metric shows. */
export interface WarmupSummary {
  /** How long it lasted, s (0: no warm-up). */
  durationS: number;
  /** The rate it brought the generator to, requests/s (closed model: the rate it achieved). */
  ratePerS: number;
  /** Requests it sent to the target. */
  requests: number;
}

/** One second of the run. `t` is seconds since the start of recording (after warm-up). */
export interface TimelineEntry {
  t: number;
  targetRps: number;
  sent: number;
  ok: number;
  failed: number;
  /** Dropped in this second (also counted in `failed`). */
  dropped: number;
  /** Error kinds seen in this second. */
  errors: Partial<Record<ErrorKind, number>>;
  inFlight: number;
  /** Latency percentiles of the requests that ended ok in this second (0 when none did). */
  p50: number;
  p95: number;
  p99: number;
  /**
   * Encoded HDR histograms (as `RunSummary.histograms`, microseconds) of this second: `latency` of
   * the requests that ended ok in it, `ttft` of the streams that ended in it. Absent in a second
   * that recorded neither, and in summaries written before it existed. Merging shards adds them,
   * so merged per-second percentiles are exact.
   */
  histograms?: { latency?: string; ttft?: string };
  /** TTFT p95 of the measured streams whose first content arrived in this second (SSE runs; 0 when none did). */
  ttftP95?: number;
  /** Iterations that ended in this second meeting every goodput bound (when the SLO has goodput bounds): goodput per second. */
  goodput?: number;
  /** Target resources sampled in this second, when a sampler is configured (issue 6). */
  resources?: Record<string, number>;
}

/** Names of the encoded histograms in `RunSummary.histograms`. */
export type HistogramName =
  | 'latency' | 'failedLatency' | 'serviceTime'
  | 'ttfb' | 'ttft' | 'ttst' | 'ttfe' | 'ttfa' | 'echo' | 'interEvent' | 'tpot' | 'outputChars' | 'outputTokens' | 'outputTokensPerS' | 'inputTokens';

/** Goodput of a window: the share and rate of iterations that met every per-request bound at once. */
export interface GoodputSummary {
  /** Good iterations / scheduled iterations (0 when nothing was scheduled). */
  ratio: number;
  /** Good iterations per second of the window. */
  rps: number;
  /** The per-request bounds, ms. */
  bounds: { ttftMs?: number; tpotMs?: number; latencyMs?: number };
}

export interface SloCheck {
  /** e.g. `latency.p95`, `ttft.p95`, `errorRate`, `rateRatio`, `generator`. */
  name: string;
  /** Human form of the bound, e.g. `< 200 ms`. */
  bound: string;
  /** Measured value as a number; NaN when it could not be measured. */
  actual: number;
  passed: boolean;
  /** Why a check failed when it is not just the number: `insufficient samples (42 < 100)`, `generator overloaded`. */
  reason?: string;
}

export interface SloResult {
  passed: boolean;
  checks: SloCheck[];
}

/** Breakdown per named request of a flow. */
export interface StepSummary {
  count: number;
  ok: number;
  failed: number;
  errors: Partial<Record<ErrorKind, number>>;
  statusCodes: Record<string, number>;
  /** Application error codes of this step's `api_error` responses, when there were any. */
  apiCodes?: Record<string, number>;
  /** Requests of this step that ended ok. */
  latencyMs: Distribution;
  /** Requests of this step that failed (absent in summaries written before it existed). */
  failedLatencyMs?: Distribution;
}

/** Whole-journey figures of the judged window (a run of a journey mix). */
export interface JourneySummary {
  /** Its weight in the mix, as given. */
  weight: number;
  /** weight / sum of the weights: the share of users that should draw it. */
  share: number;
  /** Users of the window that drew it (dropped ones included). */
  started: number;
  /** Of them, those whose journey ended (ok or failed). */
  completed: number;
  ok: number;
  failed: number;
  errors: Partial<Record<ErrorKind, number>>;
  /** Journeys that ended ok: from the user's arrival (intended start) to the end of the last step. */
  durationMs: Distribution;
}

/** The first second a step of a flow degraded in the recorded run (ramp included), by its own bounds. */
export interface StepDegradation {
  step: string;
  /** Seconds from the start of recording to the end of the second it was seen in. */
  atS: number;
  /** The arrival rate asked in that second, iterations (users)/s. */
  targetRps: number;
  /** What degraded, in words, with the bound. */
  reason: string;
  /** Target resources sampled in that second (CPU, memory), when sampled. */
  resources?: Record<string, number>;
}

/**
 * The run summary: the JSON format other tools read (written with `--json`, one per test in
 * results/<run-id>/). Headline metrics cover the judged window (the steady stage by default);
 * `whole` covers the whole recorded run, ramp included.
 */
export interface RunSummary {
  /** Format version of this document. */
  version: 1;
  /** Endpoint or run name, used in messages. */
  name: string;
  /** ISO time recording started. */
  startedAt: string;
  /** Recorded duration (warm-up excluded), seconds. */
  durationS: number;
  /** The unrecorded warm-up that ran before recording (`warmupS: 0` turns it off); absent in summaries written before it was reported. */
  warmup?: WarmupSummary;
  model: 'arrival-rate' | 'concurrency';
  /**
   * Arrival-rate runs: how iterations arrived (`constant`, `poisson`, `gamma` with its
   * `burstiness`) and the `seed` random arrivals drew from (the same seed repeats them). Absent
   * for the closed model and in summaries written before it existed (those were constant).
   */
  arrivals?: ArrivalsSummary;
  /** Which part of the run the headline metrics and the SLO cover. */
  window: { kind: 'steady' | 'all'; fromS: number; toS: number };
  /** True when an AbortSignal or abort-on-fail ended the run early. */
  aborted: boolean;
  abortReason?: string;
  /** Present (true) when the run was interrupted (SIGINT, SIGTERM, a cancelled test run): the numbers are partial and say nothing against the target. */
  interrupted?: true;
  requests: RequestCounts;
  /**
   * Per second of the judged window: `achievedRps` iterations completed ok (in the window shifted
   * by `windowShiftMs`, where the window's arrivals complete), `sentRps` iterations
   * dispatched (`sentRps` is absent in summaries written before it existed, whose `achievedRps`
   * counted sent iterations).
   */
  throughput: {
    targetRps: number;
    achievedRps: number;
    sentRps?: number;
    /**
     * How far the window `achievedRps` counts completions in is shifted after the judged window:
     * the mean duration of its ok iterations, ms (at most how long the run watched after the
     * window; 0 for a run stopped in it). Absent in summaries written before it existed.
     */
    windowShiftMs?: number;
  };
  /** (failed + dropped) / scheduled; 0 when nothing was scheduled. */
  errorRate: number;
  errors: Partial<Record<ErrorKind, number>>;
  statusCodes: Record<string, number>;
  /**
   * `{code: count}` of the responses that ended as `api_error` (per request, like `statusCodes`):
   * the application's own error codes, e.g. an HTTP 200 whose envelope says `"50000"`.
   */
  apiCodes: Record<string, number>;
  /** Body bytes per measured response (SSE: per stream). */
  responseBytes: SizeDistribution;
  /** Latency of the requests that ended ok (`count` 0: no request succeeded). */
  latencyMs: Distribution;
  /** Latency of the failed requests, apart so that fast failures cannot flatter `latencyMs`. */
  failedLatencyMs?: Distribution;
  /** Service time of the requests that ended ok. */
  serviceTimeMs: Distribution;
  stream?: StreamSummary;
  generator: GeneratorHealth;
  timeline: TimelineEntry[];
  slo: SloResult | null;
  /** Per named request (flows); a single-request run has one entry. */
  steps: Record<string, StepSummary>;
  /** A journey mix's whole-journey figures, per journey (absent for other scenarios). */
  journeys?: Record<string, JourneySummary>;
  /**
   * The steps given bounds (`stepSlo`) in the order they first degraded, second by second over the
   * recorded run: the first is the step that degraded first. Empty when none did; absent without `stepSlo`.
   */
  degradations?: StepDegradation[];
  /** The whole recorded run, ramp included. */
  whole: {
    requests: RequestCounts;
    errorRate: number;
    errors: Partial<Record<ErrorKind, number>>;
    /** Ok requests. */
    latencyMs: Distribution;
    /** Failed requests. */
    failedLatencyMs?: Distribution;
  };
  /**
   * Encoded HDR histograms (base64, hdr-histogram-js `encodeIntoCompressedBase64`) of the judged
   * window, each holding values × 1000 (microseconds for times): `latency` and `serviceTime` of ok
   * requests, `failedLatency` of failed ones; SSE runs add `ttfb`, `ttft`, `ttst`, `ttfe`, `ttfa`, `echo`,
   * `interEvent`, `tpot` (µs), `outputChars` (milli-characters), `outputTokens` (milli-tokens) and
   * `outputTokensPerS` (milli-tokens/s), matching the `stream` digests.
   */
  histograms: Partial<Record<HistogramName, string>>;
  /**
   * Goodput of the judged window, when the SLO has goodput bounds: iterations that ended ok with
   * every measured request within all `bounds` at once, as a share of scheduled iterations and per second.
   */
  goodput?: GoodputSummary;
  /** Iterations cut at the end of the run (sent but not completed within the drain time). */
  cutOff?: number;
  /** The first error message seen per error kind (judged window), to tell what went wrong. */
  errorMessages?: Partial<Record<ErrorKind, string>>;
  /** The first message seen per application error code (judged window), as `errorMessages` per kind. */
  apiMessages?: Record<string, string>;
  /** The requests behind the judged window's numbers, by W3C trace id (absent when the run sent no trace context). */
  exemplars?: Exemplars;
  /** Free-form annotations added by callers (resources, leak verdicts, capacity). */
  extra?: Record<string, unknown>;
  /** Present when the run was one shard of a global schedule (`--shard i/N`): what `perf merge` checks. */
  shard?: ShardInfo;
  /** The target (URL, version, branch, commit), the suite's checkout, the generator machine and the embedded simulator (src/result/environment.ts). */
  environment?: RunEnvironment;
}
