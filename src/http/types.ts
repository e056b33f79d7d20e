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
 * A response check: return a short reason when the response is not acceptable (the request
 * then ends as `invalid_body`), nothing when it is. Must not throw; a throw is caught and
 * treated as a rejection with the error's message.
 */
export type ResponseCheck = (res: CheckInput) => string | undefined | void;

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
  /** SSE: called for each event; return a reason to mark the request `invalid_body`. */
  checkEvent?: (event: SseEvent) => string | undefined | void;
  /**
   * SSE: recognises the event that properly ends the stream. When given, a stream that reaches
   * EOF without such an event is `stream_aborted`. Without it, a clean EOF ends the stream properly.
   */
  isFinalEvent?: (event: SseEvent) => boolean;
  /** Keep the body text (up to `maxBodyBytes`) on the result, for flows that need the response. @default false */
  captureBody?: boolean;
  /** Keep SSE events on the result (flows and contract tests). @default false */
  captureEvents?: boolean;
  /**
   * Whether this request's timings go into the run's headline latency/TTFT histograms.
   * Set false for set-up steps of a flow (its failures still fail the iteration).
   * @default true
   */
  measure?: boolean;
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
  /** From intended start to the end of the body (or stream). */
  latencyMs: number;
  /** From actual dispatch to the end of the body. */
  serviceTimeMs: number;
  /** From intended start to the response headers. */
  ttfbMs?: number;
  /** SSE: from intended start to the first data event. */
  ttftMs?: number;
  /** SSE: number of data events. */
  events?: number;
  body?: string;
  sseEvents?: SseEvent[];
}
