import { z } from 'zod';
import type { ApiError, CheckVerdict, ResponseCheck, SseEvent } from '../../src/index.ts';
import { EMPTY_RESULT_CODE, SUCCESS_CODE } from '../schemas/envelope.ts';
import { SERIAL_NUMBERS, VOICE_CONTENT_TYPES, sseChunkSchema, type SseChunk } from '../schemas/sse.ts';

const MAX_REASON = 160;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_REASON ? `${oneLine.slice(0, MAX_REASON)}…` : oneLine;
}

/** The first zod issue as `path: message`, short enough for an error breakdown. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'schema mismatch';
  const path = issue.path.length ? issue.path.join('.') : '(root)';
  return clip(`${path}: ${issue.message}`);
}

/**
 * The result of reading an `AutoResponseWrapper` envelope: the validated `data`; or why it is
 * unusable, with `apiCode` (and the server's `message`) when it is a well-formed error envelope.
 */
export type EnvelopeResult<T> =
  | { ok: true; data: T }
  | { ok: false; reason: string; apiCode?: string; message?: string };

/** The text of a `-1` envelope's `validationErrors`: `InviteCode: The InviteCode field is required.` */
function validationText(errors: unknown): string {
  if (!Array.isArray(errors)) return '';
  return errors
    .map((e) => {
      const o = (e ?? {}) as { memberNames?: unknown; errorMessage?: unknown };
      const names = Array.isArray(o.memberNames) ? o.memberNames.filter((n) => typeof n === 'string').join(',') : '';
      const msg = typeof o.errorMessage === 'string' ? o.errorMessage : '';
      return names && msg ? `${names}: ${msg}` : names || msg;
    })
    .filter(Boolean)
    .join('; ');
}

/**
 * Reads `{"code":"20000","data":...,"message":""}` and validates `data`. `"20001"` (empty result)
 * with `data:null` is a success without data when the schema accepts `null` (endpoints that can
 * return nothing). Another code is an application error (`apiCode`, the message and any
 * `validationErrors`); a body that is not JSON, not an envelope, or whose `data` breaks the
 * schema is rejected with a reason.
 */
export function readEnvelope<T>(body: string, data: z.ZodType<T>): EnvelopeResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: body.trim() === '' ? 'empty body, expected a JSON envelope' : `not JSON: ${clip(body)}` };
  }
  if (typeof json !== 'object' || json === null || !('code' in json)) {
    return { ok: false, reason: 'not an envelope: no "code" field' };
  }
  const env = json as { code: unknown; data?: unknown; message?: unknown; validationErrors?: unknown };
  if (env.code === EMPTY_RESULT_CODE && (env.data === null || env.data === undefined)) {
    const empty = data.safeParse(null);
    if (empty.success) return { ok: true, data: empty.data };
  }
  if (env.code !== SUCCESS_CODE) {
    const text = [typeof env.message === 'string' ? env.message : '', validationText(env.validationErrors)].filter(Boolean).join(' ');
    const msg = text ? ` (${clip(text)})` : '';
    const reason = `code ${JSON.stringify(env.code)} instead of "${SUCCESS_CODE}"${msg}`;
    if (typeof env.code !== 'string' || env.code === '') return { ok: false, reason };
    return { ok: false, reason, apiCode: env.code, ...(text ? { message: clip(text) } : {}) };
  }
  const parsed = data.safeParse(env.data);
  if (!parsed.success) return { ok: false, reason: `data ${firstIssue(parsed.error)}` };
  return { ok: true, data: parsed.data };
}

/**
 * A `check` for JSON endpoints: the envelope with code "20000" (or "20001" where `schema` accepts
 * `null`) and `data` matching `schema`. An envelope with another string code is an `api_error`
 * counted under that code; anything else is `invalid_body` with the reason.
 */
export function envelopeCheck(schema: z.ZodType): ResponseCheck {
  return ({ body }): CheckVerdict => {
    const r = readEnvelope(body, schema);
    if (r.ok) return undefined;
    if (r.apiCode !== undefined) return r.message !== undefined ? { apiCode: r.apiCode, message: r.message } : { apiCode: r.apiCode };
    return r.reason;
  };
}

/**
 * An array schema that validates `sample` items spread evenly over the array (first and last
 * included) instead of every one: for lists of thousands of items checked hundreds of times a
 * second (a heavy user's 595 KB session list), where validating each item would load the generator
 * more than the server. The envelope and the array itself are still checked on every response.
 */
export function sampledArray<T extends z.ZodType>(item: T, sample: number) {
  return z.array(z.unknown()).superRefine((items, ctx) => {
    const n = items.length;
    const step = n <= sample ? 1 : (n - 1) / (sample - 1);
    for (let k = 0; k < Math.min(n, sample); k++) {
      const i = Math.round(k * step);
      const r = item.safeParse(items[i]);
      if (!r.success) {
        const issue = r.error.issues[0];
        ctx.addIssue({ code: 'custom', path: [i, ...(issue?.path ?? [])], message: issue?.message ?? 'invalid item' });
        return;
      }
    }
  });
}

const LIST_PREFIX = `{"code":"${SUCCESS_CODE}","data":[`;
const LIST_SUFFIX = '],"message":""}';

/**
 * A `check` for very long success lists (a heavy user's ~600 KB session list at hundreds per
 * second, where parsing every body would overload the generator): a body framed exactly as the
 * API writes a success list (`{"code":"20000","data":[` … `],"message":""}`, compact) whose first
 * and last items match `item` passes without a full parse; anything else (another code, other
 * framing, a bad item) falls back to the full envelope check with `sample` items validated.
 */
export function longListCheck<T extends z.ZodType>(item: T, sample = 20): ResponseCheck {
  const fallback = envelopeCheck(sampledArray(item, sample));
  return (res) => {
    const b = res.body;
    if (b.startsWith(LIST_PREFIX) && b.endsWith(LIST_SUFFIX)) {
      const inner = b.slice(LIST_PREFIX.length, b.length - LIST_SUFFIX.length);
      if (inner === '') return undefined;
      const firstEnd = inner.indexOf('},{');
      const lastStart = inner.lastIndexOf('},{');
      try {
        const first = JSON.parse(firstEnd < 0 ? inner : inner.slice(0, firstEnd + 1)) as unknown;
        const last = JSON.parse(lastStart < 0 ? inner : inner.slice(lastStart + 2)) as unknown;
        if (item.safeParse(first).success && item.safeParse(last).success) return undefined;
      } catch {
        // not the compact framing after all: judge it properly
      }
    }
    return fallback(res);
  };
}

/** A `check` for a raw JSON body (OpenIddict's `/connect/token`). */
export function jsonCheck(schema: z.ZodType): ResponseCheck {
  return ({ body }) => {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return `not JSON: ${clip(body)}`;
    }
    const parsed = schema.safeParse(json);
    return parsed.success ? undefined : firstIssue(parsed.error);
  };
}

/** Reads one SSE chunk: the validated chunk, or why it is unusable. */
export type ChunkResult = { ok: true; chunk: SseChunk } | { ok: false; reason: string };

const parsedChunks = new WeakMap<SseEvent, ChunkResult>();

/** Parses and validates a `data:` payload (memoised per event object: check and final test share it). */
export function readChunk(event: SseEvent): ChunkResult {
  const cached = parsedChunks.get(event);
  if (cached) return cached;
  let result: ChunkResult;
  try {
    const parsed = sseChunkSchema.safeParse(JSON.parse(event.data));
    result = parsed.success ? { ok: true, chunk: parsed.data } : { ok: false, reason: `chunk ${firstIssue(parsed.error)}` };
  } catch {
    result = { ok: false, reason: `chunk is not JSON: ${clip(event.data)}` };
  }
  parsedChunks.set(event, result);
  return result;
}

/**
 * The api code a `SerialNumber:-99` chunk is counted under: `-99` for the quota denial (whose
 * `ErrorCode` stays 0), `-99/<ErrorCode>` for the coded ones (20001 bad parameter, 20002 speech
 * not understood, 20003 credits, 20004 rate limit).
 */
export function denialCode(chunk: SseChunk): string {
  return chunk.ErrorCode ? `${SERIAL_NUMBERS.denied}/${chunk.ErrorCode}` : String(SERIAL_NUMBERS.denied);
}

/**
 * `checkEvent` for the chat streams: every chunk must match the schema (else `invalid_body`); a
 * `SerialNumber:-99` chunk (quota denial, STT failure, bad parameters) is a failure counted apart,
 * as an `api_error` under {@link denialCode} with the server's text.
 */
export function chunkCheck(event: SseEvent): string | ApiError | undefined {
  if (event.event !== 'message') return undefined; // the trailing `event: completed` marker
  const r = readChunk(event);
  if (!r.ok) return r.reason;
  if (r.chunk.SerialNumber === SERIAL_NUMBERS.denied) return { apiCode: denialCode(r.chunk), message: `denied: ${clip(r.chunk.Response)}` };
  return undefined;
}

/** `isFinalEvent` for the chat streams: the chunk with `IsLastChunk: true` (or the `completed` marker). */
export function isLastChunk(event: SseEvent): boolean {
  if (event.event === 'completed') return true;
  const r = readChunk(event);
  return r.ok && r.chunk.IsLastChunk;
}

/** The STT echo of a voice chat: the transcript chunk (`SerialNumber:0`), sent before the answer (§9). */
export function isSttEcho(event: SseEvent): boolean {
  if (event.event !== 'message') return false;
  const r = readChunk(event);
  return r.ok && r.chunk.SerialNumber === SERIAL_NUMBERS.sttEcho;
}

/**
 * `contentOf` for the chat streams: the answer text of a chunk, its non-empty `Response`, unless
 * the chunk is the STT echo (`SerialNumber:0`), a notice (`-2`) or a denial (`-99`). TTFT is the first one.
 */
export function chunkContent(event: SseEvent): string | undefined {
  if (event.event !== 'message') return undefined;
  const r = readChunk(event);
  if (!r.ok) return undefined;
  const c = r.chunk;
  if (c.SerialNumber === SERIAL_NUMBERS.sttEcho || c.SerialNumber === SERIAL_NUMBERS.notice || c.SerialNumber === SERIAL_NUMBERS.denied) return undefined;
  if (c.VoiceContentType === VOICE_CONTENT_TYPES.voiceToText) return undefined;
  return c.Response === '' ? undefined : c.Response;
}

/** `isAudio` for voice chat: a chunk carrying `AudioData` (the TTS of one sentence). */
export function hasAudio(event: SseEvent): boolean {
  if (event.event !== 'message') return false;
  const r = readChunk(event);
  return r.ok && typeof r.chunk.AudioData === 'string' && r.chunk.AudioData !== '';
}
