import { asObject, readJson, str } from '../body.ts';
import type { Ctx } from '../ctx.ts';
import { clientIp } from '../identity.ts';
import { mvc } from '../mvc.ts';
import { guid } from '../rng.ts';
import type { Route } from '../router.ts';
import { streamReply } from '../sse.ts';
import { guestKey } from '../state.ts';
import { titleFrom } from '../text.ts';

function guestIp(ctx: Ctx, body: Record<string, unknown>): string {
  const ip = ctx.rt.config.pressureMode ? str(body, 'ip') : undefined;
  return ip && ip.trim() ? ip.trim() : clientIp(ctx.req);
}

/** `POST /api/godgpt/guest/create-session`: one session per IP; an unused one with the same guider is reused. */
const guestCreateSession = mvc('guestCreateSession', (ctx, { body }) => {
  const { state, config } = ctx.rt;
  const now = Date.now();
  const guest = state.guestFor(guestKey(guestIp(ctx, body)), now);
  const limit = config.guestChatLimit;
  const remaining = limit - guest.chatCount;
  if (remaining <= 0) return ctx.ok({ remainingChats: 0, totalAllowed: limit });
  const guider = str(body, 'guider') ?? '';
  const current = guest.sessionId ? state.sessions.get(guest.sessionId) : undefined;
  if (current && !current.deleted && !current.used && (current.guider ?? '') === guider) {
    state.touchSession(current.id, now);
  } else {
    if (current) state.freeSession(current.id);
    guest.sessionId = state.createSession(guest.key, true, guider, now).id;
  }
  ctx.ok({ remainingChats: remaining, totalAllowed: limit });
}, { auth: 'none', body: true });

const guestLimits = mvc('guestLimits', (ctx) => {
  const { state, config } = ctx.rt;
  const guest = state.guests.get(guestKey(clientIp(ctx.req)));
  const used = guest ? state.guestFor(guest.key, Date.now()).chatCount : 0;
  ctx.ok({ remainingChats: Math.max(0, config.guestChatLimit - used), totalAllowed: config.guestChatLimit });
}, { auth: 'none' });

/** `POST /api/godgpt/guest/chat` (SSE, chat middleware: plain-text errors). */
async function guestChat(ctx: Ctx): Promise<void> {
  const r = await readJson(ctx, ctx.rt.config.jsonBodyLimitBytes, () => ctx.text(413, 'Request body too large.'));
  if (r === null) return;
  const body = r.ok ? asObject(r.value) : undefined;
  const content = body && str(body, 'content');
  if (!body || content === undefined) return ctx.text(400, 'Invalid request body.');
  if (!(await ctx.work('guestChat'))) return;
  const { state, config } = ctx.rt;
  const now = Date.now();
  const guest = state.guestFor(guestKey(guestIp(ctx, body)), now);
  if (guest.chatCount >= config.guestChatLimit) return ctx.text(429, 'Daily chat limit exceeded.');
  const session = guest.sessionId ? state.touchSession(guest.sessionId, now) : undefined;
  if (!session) return ctx.text(400, 'No active guest session. Please create a session first.');
  if (now - session.createdMs < config.faults.guestChatWarmupMs) return ctx.text(500, 'Internal server error.');
  const reply = await streamReply(ctx, { sessionId: session.id, chatId: guid(ctx.rt.rand), prompt: content });
  if (reply === null) return;
  guest.chatCount++;
  session.used = true;
  if (!session.title) session.title = titleFrom(content);
}

export const guestRoutes: Route[] = [
  { method: 'POST', pattern: '/api/godgpt/guest/create-session', handler: guestCreateSession },
  { method: 'GET', pattern: '/api/godgpt/guest/limits', handler: guestLimits },
  { method: 'POST', pattern: '/api/godgpt/guest/chat', handler: guestChat },
];
