import { performance } from 'node:perf_hooks';
import { fakeMp3Base64, TTS_BYTES_PER_S } from './audio.ts';
import type { Ctx } from './ctx.ts';
import { UpstreamFailedError } from './llm.ts';
import { guid } from './rng.ts';
import { SUGGESTIONS } from './text.ts';

export interface ChunkFields {
  response: string;
  chatId: string;
  isLast: boolean;
  serial: number;
  sessionId: string;
  audioData?: string | null;
  audioMetadata?: { Duration: number; SizeBytes: number; SampleRate: number; BitRate: number; Format: string; LanguageType: number } | null;
  errorCode?: number;
  voiceContentType?: number;
  suggested?: string[] | null;
}

/** One chunk as `data: {json}\n\n`, keys in Newtonsoft's order (API reference §2). */
export function formatChunk(c: ChunkFields): string {
  return `data: ${JSON.stringify({
    ResponseType: 2,
    Response: c.response,
    ChatId: c.chatId,
    IsLastChunk: c.isLast,
    SerialNumber: c.serial,
    SerialChunk: 0,
    SessionId: c.sessionId,
    AudioData: c.audioData ?? null,
    AudioMetadata: c.audioMetadata ?? null,
    ErrorCode: c.errorCode ?? 0,
    VoiceContentType: c.voiceContentType ?? 1,
    SuggestedItems: c.suggested ?? null,
  })}\n\n`;
}

/** Sent to a real model when the route does not pass the user's message. */
export const DEFAULT_PROMPT = 'Say hello to a new user of an AI chat app in three sentences.';

export const COMPLETED = 'event: completed\n';

/** Sends the SSE headers (first chunk time); false if the request is gone. */
export function startSse(ctx: Ctx): boolean {
  const ok = ctx.head(200, { 'Content-Type': 'text/event-stream', 'Connection': 'keep-alive', 'Cache-Control': 'no-cache' });
  if (ok) {
    ctx.rt.stats.openStreams++;
    ctx.res.once('close', () => ctx.rt.stats.openStreams--);
  }
  return ok;
}

export function writeChunk(ctx: Ctx, c: ChunkFields): void {
  if (ctx.open) ctx.res.write(formatChunk(c));
}

/** Writes `event: completed` (no blank line after it) and closes the body. */
export function endSse(ctx: Ctx): void {
  if (!ctx.open) return;
  ctx.finished = true;
  ctx.rt.stats.streamsCompletedTotal++;
  ctx.res.end(COMPLETED);
}

/** A one-chunk `SerialNumber:-99` denial inside a 200 stream (starts the stream if needed). */
export function sendDenial(ctx: Ctx, sessionId: string, message: string, errorCode: number): void {
  if (!ctx.res.headersSent && !startSse(ctx)) return;
  writeChunk(ctx, { response: message, chatId: guid(ctx.rt.rand), isLast: true, serial: -99, sessionId, errorCode, voiceContentType: 1, suggested: null });
  endSse(ctx);
}

export interface ReplyOptions {
  sessionId: string;
  chatId: string;
  /** Voice replies carry TTS audio on sentence ends and no suggestions. */
  voiceLanguage?: number;
  /** Extra time to first token (a fault). */
  extraTtftMs?: number;
  /** First serial number of the LLM chunks. */
  firstSerial?: number;
  /** The user's message (sent to a real model; the LLM model ignores it). @default DEFAULT_PROMPT */
  prompt?: string;
}

/**
 * Streams an LLM reply: the deltas of `rt.llmSource` (the LLM model, or the real model of
 * `llmEndpoint`) as chunks, a last chunk and `event: completed`. When the upstream failed on every
 * retry the client gets a 500 (or, once the stream has started, a `-99` error chunk). Resolves the
 * reply text, or `null` if the client went away or the upstream failed (timers are freed).
 */
export async function streamReply(ctx: Ctx, o: ReplyOptions): Promise<string | null> {
  const voice = o.voiceLanguage !== undefined;
  let serial = o.firstSerial ?? 1;
  let sentenceChars = 0;
  let text = '';
  const llmFrom = performance.now();
  try {
    for await (const d of ctx.rt.llmSource.reply(ctx, o.prompt ?? DEFAULT_PROMPT, o.extraTtftMs ?? 0)) {
      if (!ctx.res.headersSent && !startSse(ctx)) return null;
      text += d.text;
      sentenceChars += d.text.length;
      let audioData: string | null = null;
      let audioMetadata: ChunkFields['audioMetadata'] = null;
      if (voice && d.end) {
        const words = Math.max(1, Math.round(sentenceChars / 6));
        const duration = Math.round((words / 2.5) * 100) / 100;
        const mp3 = fakeMp3Base64(duration * TTS_BYTES_PER_S);
        audioData = mp3.base64;
        audioMetadata = { Duration: duration, SizeBytes: mp3.size, SampleRate: 16000, BitRate: 32000, Format: 'mp3', LanguageType: o.voiceLanguage! };
        sentenceChars = 0;
      }
      writeChunk(ctx, { response: d.text, chatId: o.chatId, isLast: false, serial: serial++, sessionId: o.sessionId, audioData, audioMetadata });
    }
  } catch (err) {
    ctx.llmMs += performance.now() - llmFrom;
    if (!(err instanceof UpstreamFailedError)) throw err;
    if (!ctx.res.headersSent) ctx.text(500, `The model is unavailable: ${err.message}`);
    else sendDenial(ctx, o.sessionId, `The model is unavailable: ${err.message}`, 500);
    return null;
  }
  ctx.llmMs += performance.now() - llmFrom;
  if (!ctx.open) return null;
  if (!ctx.res.headersSent && !startSse(ctx)) return null;
  writeChunk(ctx, { response: '', chatId: o.chatId, isLast: true, serial, sessionId: o.sessionId, suggested: voice ? null : SUGGESTIONS });
  endSse(ctx);
  return text;
}
