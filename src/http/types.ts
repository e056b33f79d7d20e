import type { ErrorKind, Outcome } from '../core/outcome.ts';

/** One part of a multipart/form-data body. */
export interface MultipartField {
  name: string;
  value: string | Uint8Array;
  /** Present for file parts. */
  filename?: string;
  /** @default 'application/octet-stream' for files, none for text fields */
  contentType?: string;
}

/** What a response check sees. `body` is the whole body as text (bodies checked are small JSON). */
export interface CheckInput {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * What a check returns for a well-formed response that reports an application error (an HTTP 200
 * whose body carries an error code): the request ends as `api_error`, counted under `apiCode` in
 * `RunSummary.apiCodes`.
 */
export interface ApiError {
  /** The application's error code, as the API writes it (e.g. `"50000"`). */
  apiCode: string;
  /** The application's message, kept once per code in `RunSummary.apiMessages`. */
  message?: string;
}

/** A check's verdict: nothing (acceptable), a short reason (`invalid_body`) or an {@link ApiError} (`api_error`). */
export type CheckVerdict = string | ApiError | undefined | void;

/**
 * A response check: return a short reason when the response is not acceptable (the request
 * then ends as `invalid_body`), an {@link ApiError} when it reports an application error (`api_error`),
 * nothing when it is fine. Must not throw; a throw is caught and treated as a rejection with the
 * error's message.
 */
export type ResponseCheck = (res: CheckInput) => CheckVerdict;

/** An SSE event check: as {@link ResponseCheck}, for one event. */
export type EventCheck = (event: SseEvent) => CheckVerdict;

/** One SSE `data:` payload as received. */
export interface SseEvent {
  /** The `event:` field, `message` when absent. */
  event: string;
  data: string;
}

/** A request as the engine sends it. */
export interface RequestSpec {
  /**
   * Name the request is recorded under (the per-step breakdown in `RunSummary.steps`).
   * @default 'request'
   */
  name?: string;
  /** @default 'GET' */
  method?: string;
  /** Absolute URL, or a path resolved against the run's `baseUrl`. */
  url: string;
  headers?: Record<string, string>;
  /** A raw body. Exclusive with `multipart`. */
  body?: string | Uint8Array;
  /** A multipart/form-data body; the engine sets the boundary header. */
  multipart?: MultipartField[];
  /** Measure the response as a server-sent-events stream (TTFB, TTFT, gaps, completion). @default false */
  sse?: boolean;
  /** Per-request timeout, from dispatch to the end of the body. @default the run's `timeoutMs` */
  timeoutMs?: number;
  /** Statuses that count as success. @default 200-299 */
  expectStatus?: readonly number[];
  /** Non-SSE response check (zod schema, business code). Reading the body for it is implied. */
  check?: ResponseCheck;
  /** SSE: called for each event; return a reason to mark the request `invalid_body`, an {@link ApiError} for `api_error`. */
  checkEvent?: EventCheck;
  /**
   * SSE: recognises the event that properly ends the stream. When given, a stream that reaches
   * EOF without such an event is `stream_aborted`. Without it, a clean EOF ends the stream properly.
   */
  isFinalEvent?: (event: SseEvent) => boolean;
  /**
   * SSE: the answer text an event carries, or undefined (or `''`) when it carries none (a notice,
   * an echo of the input, a keep-alive). The first such event is TTFT; they make TPOT and the
   * output characters and tokens. Must not throw (a throw counts as no content).
   * @default {@link defaultContentOf}: the event's data unless empty or `[DONE]`
   */
  contentOf?: (event: SseEvent) => string | undefined;
  /**
   * SSE: the answer text is this dotted JSON path of each event's data (`Response`,
   * `choices.0.delta.content`), when `contentOf` is not given. Plain data, so it crosses to worker processes.
   */
  contentField?: string;
  /**
   * SSE: a known stream format instead of `contentOf`/`contentField`. `'openai'` (OpenAI-compatible
   * servers: vLLM, SGLang, TGI, llama.cpp, hosted APIs): the answer is `choices[0].delta.content`,
   * and the output tokens are the server's `usage.completion_tokens` when it sends them
   * (`stream_options: {include_usage: true}` in the body), else counted with the tokenizer.
   * Plain data, so it crosses to worker processes.
   * @default none: the content is `contentOf`, `contentField`, or each whole data line
   */
  streamFormat?: 'openai';
  /** SSE: recognises an event carrying audio; the first one is TTFA (`stream.ttfaMs`). Must not throw. */
  isAudio?: (event: SseEvent) => boolean;
  /** SSE: recognises the service's echo of the input (e.g. a speech-to-text transcript); the first is `stream.echoMs`. Must not throw. */
  isEcho?: (event: SseEvent) => boolean;
  /** Keep the body text on the result, for flows that need the response (a body over the run's `maxBodyBytes` is `invalid_body`). @default false */
  captureBody?: boolean;
  /** Keep SSE events on the result (flows and contract tests); more than the run's `maxBodyBytes` of them is `invalid_body`. @default false */
  captureEvents?: boolean;
  /**
   * Whether this request's timings go into the run's headline latency/TTFT histograms.
   * Set false for set-up steps of a flow (its failures still fail the iteration).
   * @default true
   */
  measure?: boolean;
  /**
   * The prompt this request sends (the user's text, not the whole body): its tokens are counted
   * with the output tokens' tokenizer and recorded as the input length (`stream.inputTokens`, ISL)
   * of a measured stream that ended ok. @default none: no input length recorded
   */
  inputText?: string;
}

/** How one request ended, as handed back to a scenario. */
export interface RequestResult {
  name: string;
  outcome: Outcome;
  /** Present when `outcome !== 'ok'`. */
  errorKind?: ErrorKind;
  /** Human-readable detail of a failure (never contains header values). */
  error?: string;
  /** 0 when no response arrived. */
  status: number;
  /** The application error code when `errorKind` is `api_error`. */
  apiCode?: string;
  /** Body bytes received (SSE: the whole stream); absent when the request never reached the server. */
  responseBytes?: number;
  /** From intended start to the end of the body (or stream). */
  latencyMs: number;
  /** From actual dispatch to the end of the body. */
  serviceTimeMs: number;
  /** From intended start to the response headers. */
  ttfbMs?: number;
  /** SSE: from intended start to the first event carrying answer content (`contentOf`). */
  ttftMs?: number;
  /** SSE: from intended start to the first data event of any kind. */
  ttfeMs?: number;
  /** SSE: from intended start to the first audio event (`isAudio`). */
  ttfaMs?: number;
  /** SSE: from intended start to the first echo event (`isEcho`). */
  echoMs?: number;
  /** SSE: number of data events. */
  events?: number;
  /** SSE: number of events carrying answer content. */
  contentEvents?: number;
  /** SSE: characters (UTF-16 code units) of answer content. */
  outputChars?: number;
  body?: string;
  sseEvents?: SseEvent[];
}
