import { fakeMp3Base64, TTS_BYTES_PER_S } from './audio.ts';
import type { Ctx } from './ctx.ts';
import { CHARS_PER_CHUNK, CHARS_PER_TOKEN } from './model.ts';
import { guid } from './rng.ts';
import { chunkText, generateText, SUGGESTIONS } from './text.ts';

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
}

/**
 * Streams an LLM reply: waits the time to first token, then emits ~32-character deltas at the
 * drawn token rate, a last chunk and `event: completed`. Resolves the reply text, or `null` if
 * the client went away (timers are freed).
 */
export async function streamReply(ctx: Ctx, o: ReplyOptions): Promise<string | null> {
  const rt = ctx.rt;
  const llm = rt.llm;
  const ttft = rt.sample(llm.ttftMedianMs, llm.ttftP95Ms) + (o.extraTtftMs ?? 0);
  const tokens = Math.round(rt.uniform(llm.tokensMin, llm.tokensMax));
  const msPerChar = 1000 / (rt.uniform(llm.tokensPerSMin, llm.tokensPerSMax) * CHARS_PER_TOKEN);
  const text = generateText(Math.max(CHARS_PER_TOKEN, tokens * CHARS_PER_TOKEN), rt.rand);
  const deltas = chunkText(text, CHARS_PER_CHUNK);
  if (!(await ctx.delay(ttft))) return null;
  if (!ctx.res.headersSent && !startSse(ctx)) return null;
  const voice = o.voiceLanguage !== undefined;
  let serial = o.firstSerial ?? 1;
  let sentenceChars = 0;
  for (let i = 0; i < deltas.length; i++) {
    const d = deltas[i]!;
    if (i > 0 && !(await ctx.delay(d.text.length * msPerChar))) return null;
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
  writeChunk(ctx, { response: '', chatId: o.chatId, isLast: true, serial, sessionId: o.sessionId, suggested: voice ? null : SUGGESTIONS });
  if (!ctx.open) return null;
  endSse(ctx);
  return text;
}
