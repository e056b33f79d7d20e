import type { IterationContext, RequestResult, RequestSpec } from '../src/index.ts';
import type { PooledUser, TokenPool } from './auth/token-pool.ts';
import type { FreshUsers } from './auth/fresh-users.ts';
import type { GodGptApi } from './client/api.ts';
import type { ScenarioDef } from './endpoint.ts';
import { VOICE_CLIP_DURATION_S, voiceClipBase64 } from './fixtures/audio.ts';
import type { GuestIpPool } from './seed/guest-ips.ts';
import type { InviteCodes } from './seed/invite-codes.ts';
import type { SessionBook } from './seed/sessions.ts';

/** Sends a request as a pooled user; a 401 makes the pool refresh that user's token. */
export async function asUser(ctx: IterationContext, pool: TokenPool, build: (token: string) => RequestSpec, user: PooledUser = pool.nextUser()): Promise<RequestResult> {
  const token = user.token;
  const res = await ctx.request(build(token));
  if (res.status === 401) pool.onUnauthorized(token);
  return res;
}

/**
 * The scenario of most endpoints: a pooled user sends one request, prepared once per token
 * (`build: userRequest((api, token) => api.account(token))`).
 */
export function userRequest(request: (api: GodGptApi, token: string) => RequestSpec): ScenarioDef['build'] {
  return async ({ api, pool }) => {
    const users = await pool();
    const spec = perToken((token) => request(api, token));
    return (ctx) => asUser(ctx, users, spec);
  };
}

/**
 * A guest as the web client does it: create a session from its own IP (set-up step, not
 * measured), think, then chat. An IP is reused for at most the service's per-IP chat limit.
 */
export async function guestChatFlow(ctx: IterationContext, api: GodGptApi, guests: GuestIpPool, content: string, thinkMs = 0): Promise<void> {
  const guest = guests.acquire();
  let exhausted = false;
  try {
    const created = await ctx.request(api.guestCreateSession(guest.ip, { measure: false }));
    if (created.outcome !== 'ok') return;
    await ctx.sleep(thinkMs);
    const chat = await ctx.request(api.guestChat(guest.ip, content));
    exhausted = chat.status === 429;
  } finally {
    guests.release(guest, exhausted);
  }
}

/** A logged-in user: create a session (set-up step, not measured), think, then chat in it. */
export async function userChatFlow(ctx: IterationContext, api: GodGptApi, pool: TokenPool, content: string, thinkMs = 0): Promise<void> {
  const user = pool.nextUser();
  const created = await asUser(ctx, pool, (t) => api.createSession(t, { measure: false, captureBody: true }), user);
  if (created.outcome !== 'ok' || !created.body) return;
  const sessionId = (JSON.parse(created.body) as { data: string }).data;
  await ctx.sleep(thinkMs);
  await asUser(ctx, pool, (t) => api.chat(t, sessionId, content), user);
}

/** A logged-in user sends the generated 1 s WAV clip to voice chat in one of their sessions. */
export async function voiceChatFlow(ctx: IterationContext, api: GodGptApi, pool: TokenPool, session: { user: PooledUser; sessionId: string }): Promise<void> {
  await asUser(ctx, pool, (t) => api.voiceChat(t, { sessionId: session.sessionId, audioBase64: voiceClipBase64(), voiceLanguage: 0, voiceDurationSeconds: VOICE_CLIP_DURATION_S }), session.user);
}

/** A logged-in user opens one of their pre-created sessions. */
export async function sessionInfoFlow(ctx: IterationContext, api: GodGptApi, pool: TokenPool, sessions: SessionBook): Promise<void> {
  const { user, sessionId } = sessions.next();
  await asUser(ctx, pool, (t) => api.sessionInfo(t, sessionId), user);
}

/** A logged-in user redeems the invite code of another pooled user. */
export async function redeemFlow(ctx: IterationContext, api: GodGptApi, pool: TokenPool, codes: InviteCodes): Promise<void> {
  const user = pool.nextUser();
  await asUser(ctx, pool, (t) => api.redeem(t, codes.otherThan(user.index)), user);
}

/** A user with no token yet logs in with email and password. */
export async function newUserLoginFlow(ctx: IterationContext, api: GodGptApi, users: FreshUsers): Promise<void> {
  const u = users.next();
  await ctx.request(api.passwordToken(u.email, u.password));
}

/**
 * A new user's login, a set-up step (not measured): their token, or `undefined` when the login
 * failed (the iteration already counts the failure).
 */
export async function firstLogin(ctx: IterationContext, api: GodGptApi, users: FreshUsers): Promise<string | undefined> {
  const u = users.next();
  const res = await ctx.request(api.passwordToken(u.email, u.password, { measure: false, captureBody: true }));
  if (res.outcome !== 'ok' || !res.body) return undefined;
  return (JSON.parse(res.body) as { access_token: string }).access_token;
}

/**
 * A new user's scenario of a one-request endpoint: log in for the first time (not measured), then
 * the request under test, their first call to the API (`build: newUserRequest((api, token) => api.createSession(token))`).
 */
export function newUserRequest(request: (api: GodGptApi, token: string) => RequestSpec): ScenarioDef['build'] {
  return async ({ api, newUsers }) => {
    const users = await newUsers();
    return async (ctx) => {
      const token = await firstLogin(ctx, api, users);
      if (token !== undefined) await ctx.request(request(api, token));
    };
  };
}

/** A new user: log in, create their first session (set-up steps, not measured), think, then send their first message. */
export async function newUserChatFlow(ctx: IterationContext, api: GodGptApi, users: FreshUsers, content: string, thinkMs = 0): Promise<void> {
  const token = await firstLogin(ctx, api, users);
  if (token === undefined) return;
  const created = await ctx.request(api.createSession(token, { measure: false, captureBody: true }));
  if (created.outcome !== 'ok' || !created.body) return;
  await ctx.sleep(thinkMs);
  await ctx.request(api.chat(token, (JSON.parse(created.body) as { data: string }).data, content));
}

/** A new user: log in, create their first session (set-up steps, not measured), then send the 1 s WAV clip to voice chat. */
export async function newUserVoiceChatFlow(ctx: IterationContext, api: GodGptApi, users: FreshUsers): Promise<void> {
  const token = await firstLogin(ctx, api, users);
  if (token === undefined) return;
  const created = await ctx.request(api.createSession(token, { measure: false, captureBody: true }));
  if (created.outcome !== 'ok' || !created.body) return;
  const sessionId = (JSON.parse(created.body) as { data: string }).data;
  await ctx.request(api.voiceChat(token, { sessionId, audioBase64: voiceClipBase64(), voiceLanguage: 0, voiceDurationSeconds: VOICE_CLIP_DURATION_S }));
}

/** Memoises a token's spec so hot endpoints reuse one prepared request per pooled user. */
export function perToken(build: (token: string) => RequestSpec): (token: string) => RequestSpec {
  const cache = new Map<string, RequestSpec>();
  return (token) => {
    let spec = cache.get(token);
    if (!spec) {
      if (cache.size >= 50_000) cache.clear(); // refreshed tokens leave old entries behind
      spec = build(token);
      cache.set(token, spec);
    }
    return spec;
  };
}
