import { asObject, readJson, str } from '../body.ts';
import type { Ctx } from '../ctx.ts';
import { bearer, GUID_RE } from '../identity.ts';
import { actingUser, initialiseNewUser, mvc } from '../mvc.ts';
import { chargeMessage } from '../quota.ts';
import { guid } from '../rng.ts';
import type { Route } from '../router.ts';
import { sendDenial, streamReply } from '../sse.ts';
import type { Session, User } from '../state.ts';
import { titleFrom } from '../text.ts';

export const UNAUTHORIZED = 'Unauthorized: User is not authenticated.';

const createSession = mvc('createSession', (ctx, { claims, body }) => {
  const { faults } = ctx.rt.config;
  if (faults.createSessionCpuUsPerHeld > 0) {
    ctx.rt.burnCpu(Math.min(faults.createSessionCpuMaxMs, (ctx.rt.state.sessions.size * faults.createSessionCpuUsPerHeld) / 1000));
  }
  const user = actingUser(ctx, claims!, body);
  const guider = str(body, 'guider') ?? null;
  ctx.ok(ctx.rt.state.createSession(user.id, false, guider, Date.now()).id);
}, { body: true });

/** The user's session for a chat; in pressure mode ownership is not checked and unknown ids get a session. */
export function chatSession(ctx: Ctx, user: User, sessionId: unknown, now: number): Session | undefined {
  if (typeof sessionId !== 'string' || !GUID_RE.test(sessionId)) return undefined;
  const { state, config } = ctx.rt;
  const s = state.touchSession(sessionId.toLowerCase(), now);
  if (config.pressureMode) {
    if (s) return s;
    return state.createSession(user.id, false, null, now, sessionId.toLowerCase());
  }
  return s && s.owner === user.id ? s : undefined;
}

/** Time to first token `count` images add to a chat (`chatImageTtft` each): an image chat costs more than a text one. */
function imagesTtftMs(ctx: Ctx, count: number): number {
  const { medianMs, p95Ms } = ctx.rt.config.chatImageTtft;
  const scale = ctx.rt.config.timeScale;
  let ms = 0;
  for (let i = 0; i < count && medianMs > 0; i++) ms += ctx.rt.sample(medianMs * scale, p95Ms * scale);
  return ms;
}

/** `POST /api/gotgpt/chat` (and the legacy `chat_old`): authenticated SSE chat. */
async function userChat(ctx: Ctx): Promise<void> {
  const claims = bearer(ctx);
  if (!claims) return ctx.text(401, UNAUTHORIZED);
  const r = await readJson(ctx, ctx.rt.config.jsonBodyLimitBytes, () => ctx.text(413, 'Request body too large.'));
  if (r === null) return;
  const body = r.ok ? asObject(r.value) : undefined;
  const content = body && str(body, 'content');
  if (!body || content === undefined) return ctx.text(400, 'Invalid request body.');
  const images = Array.isArray(body['images']) ? (body['images'] as unknown[]).filter((i): i is string => typeof i === 'string') : [];
  if (images.length > ctx.rt.config.maxImagesPerChat) return ctx.text(400, `Too many files. Maximum ${ctx.rt.config.maxImagesPerChat} images per upload.`);
  if (!(await ctx.work('userChat', initialiseNewUser(ctx, claims)))) return;
  const now = Date.now();
  const user = actingUser(ctx, claims, body);
  const session = chatSession(ctx, user, body['sessionId'], now);
  if (!session) return ctx.text(400, `Unable to load conversation ${String(body['sessionId'] ?? '')}`);
  const { config } = ctx.rt;
  const denial = chargeMessage(config, user, false, now);
  if (denial) return sendDenial(ctx, session.id, denial.message, denial.errorCode);
  const extra = config.faults.userChatExtraTtft;
  const faultTtftMs = extra.medianMs > 0 ? ctx.rt.sample(extra.medianMs * config.timeScale, extra.p95Ms * config.timeScale) : 0;
  ctx.rt.stats.faultTtftMsTotal += faultTtftMs;
  const imageTtftMs = imagesTtftMs(ctx, images.length);
  ctx.rt.stats.imageTtftMsTotal += imageTtftMs;
  const reply = await streamReply(ctx, { sessionId: session.id, chatId: guid(ctx.rt.rand), extraTtftMs: faultTtftMs + imageTtftMs, prompt: content });
  if (reply === null) return;
  user.chatted = true;
  if (!session.title) session.title = titleFrom(content);
  session.messages.push(
    { chatRole: 0, content, isVoiceMessage: false, voiceLanguage: 0, voiceDurationSeconds: 0, imageKeys: images },
    { chatRole: 1, content: reply, isVoiceMessage: false, voiceLanguage: 0, voiceDurationSeconds: 0, imageKeys: [] },
  );
}

export const chatRoutes: Route[] = [
  { method: 'POST', pattern: '/api/godgpt/create-session', handler: createSession },
  { method: 'POST', pattern: '/api/gotgpt/create-session', handler: createSession },
  { method: 'POST', pattern: '/api/gotgpt/chat', handler: userChat },
  { method: 'POST', pattern: '/api/gotgpt/chat_old', handler: userChat },
];
