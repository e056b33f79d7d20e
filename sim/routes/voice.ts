import { asObject, readJson, str } from '../body.ts';
import { sniffAudio } from '../audio.ts';
import type { Ctx } from '../ctx.ts';
import { bearer } from '../identity.ts';
import { actingUser, initialiseNewUser } from '../mvc.ts';
import { chargeMessage } from '../quota.ts';
import { guid } from '../rng.ts';
import type { Route } from '../router.ts';
import { sendDenial, startSse, streamReply, writeChunk } from '../sse.ts';
import { TRANSCRIPTS, titleFrom } from '../text.ts';
import { chatSession, UNAUTHORIZED } from './chat.ts';

/**
 * `POST /api/godgpt/voice/chat` (SSE): JSON with base64 audio. Speech-to-text holds a `speech`
 * worker; a recognised container yields the transcript chunk (`SerialNumber:0`,
 * `VoiceContentType:0`), raw/unknown bytes fail STT (`-99`, 20002). Then the voice quota, then
 * LLM text chunks with TTS audio on sentence ends.
 */
async function voiceChat(ctx: Ctx): Promise<void> {
  const claims = bearer(ctx);
  if (!claims) return ctx.text(401, UNAUTHORIZED);
  const { config } = ctx.rt;
  const r = await readJson(ctx, config.voiceBodyLimitBytes, () => ctx.text(413, 'Request body too large.'));
  if (r === null) return;
  const body = r.ok ? asObject(r.value) : undefined;
  const content = body && str(body, 'content');
  if (!body || !content) return ctx.text(400, 'Invalid request body.');
  const lang = typeof body['voiceLanguage'] === 'number' ? body['voiceLanguage'] : 0;
  if (lang === -1) return ctx.text(400, 'Unset language request body.');
  const now = Date.now();
  const user = actingUser(ctx, claims, body);
  const session = chatSession(ctx, user, body['sessionId'], now);
  if (!session) return ctx.text(400, `Unable to load conversation ${String(body['sessionId'] ?? '')}`);
  if (!(await ctx.work('voiceChat', initialiseNewUser(ctx, claims)))) return;
  const audio = Buffer.from(content, 'base64');
  const chatId = guid(ctx.rt.rand);
  if (!Number.isInteger(lang) || lang < 0 || lang > 2) return sendDenial(ctx, session.id, 'Invalid voice language.', 20001);
  if (audio.length < 16 || sniffAudio(audio) === 'pcm') return sendDenial(ctx, session.id, 'Voice parsing failed.', 20002);
  const transcript = TRANSCRIPTS[audio.length % TRANSCRIPTS.length]!;
  if (!startSse(ctx)) return;
  writeChunk(ctx, { response: transcript, chatId, isLast: false, serial: 0, sessionId: session.id, voiceContentType: 0 });
  const denial = chargeMessage(config, user, true, Date.now());
  if (denial) return sendDenial(ctx, session.id, denial.message, denial.errorCode);
  const reply = await streamReply(ctx, { sessionId: session.id, chatId, voiceLanguage: lang, prompt: transcript });
  if (reply === null) return;
  if (!session.title) session.title = titleFrom(transcript);
  const duration = typeof body['voiceDurationSeconds'] === 'number' ? body['voiceDurationSeconds'] : 0;
  session.messages.push(
    { chatRole: 0, content: transcript, isVoiceMessage: true, voiceLanguage: lang, voiceDurationSeconds: duration, imageKeys: [] },
    { chatRole: 1, content: reply, isVoiceMessage: true, voiceLanguage: lang, voiceDurationSeconds: 0, imageKeys: [] },
  );
}

export const voiceRoutes: Route[] = [{ method: 'POST', pattern: '/api/godgpt/voice/chat', handler: voiceChat }];
