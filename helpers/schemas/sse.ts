import { z } from 'zod';
import { guidSchema } from './common.ts';

/** `ErrorCode` of a chunk: 0 OK, 20001 ParamInvalid, 20002 VoiceParsingFailed, 20003 InsufficientCredits, 20004 RateLimitExceeded. */
export const SSE_ERROR_CODES = {
  ok: 0,
  paramInvalid: 20001,
  voiceParsingFailed: 20002,
  insufficientCredits: 20003,
  rateLimitExceeded: 20004,
} as const;

/** Special `SerialNumber` values: 0 STT echo (voice), -99 quota or parameter error, -2 notice. */
export const SERIAL_NUMBERS = { sttEcho: 0, denied: -99, notice: -2 } as const;

/** `VoiceContentType`: 0 VoiceToText (STT echo), 1 VoiceResponse (default, also text chat). */
export const VOICE_CONTENT_TYPES = { voiceToText: 0, voiceResponse: 1 } as const;

/** Key order of a chunk as Newtonsoft writes it (§2 of the API reference). */
export const SSE_CHUNK_KEYS = [
  'ResponseType',
  'Response',
  'ChatId',
  'IsLastChunk',
  'SerialNumber',
  'SerialChunk',
  'SessionId',
  'AudioData',
  'AudioMetadata',
  'ErrorCode',
  'VoiceContentType',
  'SuggestedItems',
] as const;

/** `AudioMetadata` of a voice chunk that completes a sentence. */
export const audioMetadataSchema = z.object({
  Duration: z.number().nonnegative(),
  SizeBytes: z.int().nonnegative(),
  SampleRate: z.int(),
  BitRate: z.int(),
  Format: z.string(),
  LanguageType: z.int(),
});
export type AudioMetadata = z.infer<typeof audioMetadataSchema>;

/** One `data:` chunk of the three chat SSE endpoints (PascalCase, nulls included, enums as ints). */
export const sseChunkSchema = z.object({
  ResponseType: z.int(),
  Response: z.string(),
  ChatId: guidSchema,
  IsLastChunk: z.boolean(),
  SerialNumber: z.int(),
  SerialChunk: z.int(),
  SessionId: guidSchema,
  AudioData: z.base64().nullable(),
  AudioMetadata: audioMetadataSchema.nullable(),
  ErrorCode: z.int(),
  VoiceContentType: z.int().min(0).max(1),
  SuggestedItems: z.array(z.string()).nullable(),
});
export type SseChunk = z.infer<typeof sseChunkSchema>;

/** The line written after the last chunk (no `data:` and no trailing blank line). */
export const SSE_COMPLETED_LINE = 'event: completed';
