import { z } from 'zod';
import { dotnetDateSchema, guidSchema, voiceLanguageSchema } from './common.ts';

/** `POST /api/godgpt/create-session` (and `/api/gotgpt/create-session`) payload: the new session id. */
export const createSessionSchema = guidSchema;

/** One item of `GET /api/godgpt/session-list` and `GET /api/godgpt/sessions/search`. */
export const sessionListItemSchema = z.object({
  sessionId: guidSchema,
  title: z.string(),
  createAt: dotnetDateSchema,
  guider: z.string().nullable(),
  content: z.string().nullable(),
  isMatch: z.boolean(),
});
export type SessionListItem = z.infer<typeof sessionListItemSchema>;
export const sessionListSchema = z.array(sessionListItemSchema);
export const sessionSearchSchema = sessionListSchema;

/**
 * `GET /api/godgpt/session-info/{sessionId}`: the empty DTO has the zero GUID and
 * `createAt:"0001-01-01T00:00:00"`; someone else's session likely gives `data:null` (UNCONFIRMED, accepted).
 */
export const sessionInfoSchema = z.object({
  sessionId: guidSchema,
  title: z.string().nullable(),
  createAt: dotnetDateSchema,
  guider: z.string().nullable(),
}).nullable();
export type SessionInfo = NonNullable<z.infer<typeof sessionInfoSchema>>;

/** `chatRole` numbering (UNCONFIRMED): 0 User, 1 Assistant, 2 System. */
export const CHAT_ROLES = { user: 0, assistant: 1, system: 2 } as const;

/** One message of `GET /api/godgpt/chat/{sessionId}` and `GET /api/godgpt/share/{shareString}`. */
export const chatMessageSchema = z.object({
  chatRole: z.int().min(0),
  content: z.string(),
  isVoiceMessage: z.boolean(),
  voiceLanguage: voiceLanguageSchema,
  voiceParseSuccess: z.boolean(),
  voiceParseErrorMessage: z.string().nullable(),
  voiceDurationSeconds: z.number().nonnegative(),
  imageKeys: z.array(z.string()),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export const chatHistorySchema = z.array(chatMessageSchema);
export const shareMessagesSchema = chatHistorySchema;

/** `DELETE /api/godgpt/chat/{id}`: the session id, or an empty result (`"20001"`, AA accepts both). */
export const deleteSessionSchema = guidSchema.nullable();
/** `PUT /api/godgpt/chat/rename`: the session id. */
export const renameSessionSchema = guidSchema;
/** `POST /api/godgpt/share`: the share string. */
export const shareIdSchema = z.string().min(1);
/**
 * `GET /api/godgpt/share/keyword?sessionId=&content=&region=&sessionType=` (ST `QuantumShareResponseDto`,
 * fields not captured: kept loose).
 */
export const shareKeywordSchema = z.looseObject({}).nullable();
