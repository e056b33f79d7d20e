import type { z } from 'zod';
import type { ResponseCheck, SseEvent } from '../../src/http/types.ts';
import { SUCCESS_CODE } from '../schemas/envelope.ts';
import { SERIAL_NUMBERS, sseChunkSchema, type SseChunk } from '../schemas/sse.ts';

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

/** The result of reading an `AutoResponseWrapper` envelope: the validated `data`, or why it is unusable. */
export type EnvelopeResult<T> = { ok: true; data: T } | { ok: false; reason: string };

/**
 * Reads `{"code":"20000","data":...,"message":""}` and validates `data`. A body that is not JSON,
 * not an envelope, carries another code, or whose `data` breaks the schema is rejected with a reason.
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
  const env = json as { code: unknown; data?: unknown; message?: unknown };
  if (env.code !== SUCCESS_CODE) {
    const msg = typeof env.message === 'string' && env.message ? ` (${clip(env.message)})` : '';
    return { ok: false, reason: `code ${JSON.stringify(env.code)} instead of "${SUCCESS_CODE}"${msg}` };
  }
  const parsed = data.safeParse(env.data);
  if (!parsed.success) return { ok: false, reason: `data ${firstIssue(parsed.error)}` };
  return { ok: true, data: parsed.data };
}

/** A `check` for JSON endpoints: the envelope with code "20000" and `data` matching `schema`. */
export function envelopeCheck(schema: z.ZodType): ResponseCheck {
  return ({ body }) => {
    const r = readEnvelope(body, schema);
    return r.ok ? undefined : r.reason;
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
 * `checkEvent` for the chat streams: every chunk must match the schema; a `SerialNumber:-99`
 * chunk (quota denial, STT failure, bad parameters) is rejected with the server's text.
 */
export function chunkCheck(event: SseEvent): string | undefined {
  if (event.event !== 'message') return undefined; // the trailing `event: completed` marker
  const r = readChunk(event);
  if (!r.ok) return r.reason;
  if (r.chunk.SerialNumber === SERIAL_NUMBERS.denied) {
    const code = r.chunk.ErrorCode ? ` (ErrorCode ${r.chunk.ErrorCode})` : '';
    return `denied: ${clip(r.chunk.Response)}${code}`;
  }
  return undefined;
}

/** `isFinalEvent` for the chat streams: the chunk with `IsLastChunk: true` (or the `completed` marker). */
export function isLastChunk(event: SseEvent): boolean {
  if (event.event === 'completed') return true;
  const r = readChunk(event);
  return r.ok && r.chunk.IsLastChunk;
}
