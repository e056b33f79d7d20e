import type { IterationContext } from '../src/index.ts';
import type { TokenPool } from './auth/token-pool.ts';
import type { GodGptApi } from './client/api.ts';
import { asUser } from './flows.ts';
import type { ChatImages } from './seed/chat-images.ts';
import type { OneUseSessions } from './seed/one-use-sessions.ts';
import type { SessionBook } from './seed/sessions.ts';
import type { ShareStrings } from './seed/shares.ts';

/**
 * A logged-in user deletes one of their conversations, made before the run. When the prepared
 * ones are used up, the iteration makes one first (unmeasured, as chat's create-session), so a
 * delete is never sent for lack of a session.
 */
export async function deleteSessionFlow(ctx: IterationContext, api: GodGptApi, pool: TokenPool, sessions: OneUseSessions): Promise<void> {
  const prepared = sessions.take();
  if (prepared) {
    await asUser(ctx, pool, (t) => api.deleteSession(t, prepared.sessionId), prepared.user);
    return;
  }
  const user = pool.nextUser();
  const created = await asUser(ctx, pool, (t) => api.createSession(t, { measure: false, captureBody: true }), user);
  if (created.outcome !== 'ok' || !created.body) return;
  const sessionId = (JSON.parse(created.body) as { data: string }).data;
  await asUser(ctx, pool, (t) => api.deleteSession(t, sessionId), user);
}

/** A logged-in user renames one of their conversations (made before the run) to `title`. */
export async function renameSessionFlow(ctx: IterationContext, api: GodGptApi, pool: TokenPool, sessions: SessionBook, title: string): Promise<void> {
  const { user, sessionId } = sessions.next();
  await asUser(ctx, pool, (t) => api.renameSession(t, sessionId, title), user);
}

/** Anyone (no token) opens a shared conversation's link. */
export async function shareReadFlow(ctx: IterationContext, api: GodGptApi, shares: ShareStrings): Promise<void> {
  await ctx.request(api.sharedMessages(shares.next()));
}

/** A logged-in user asks for share keywords of one of their conversations (the service asks the model). */
export async function shareKeywordFlow(ctx: IterationContext, api: GodGptApi, pool: TokenPool, sessions: SessionBook, content: string): Promise<void> {
  const { user, sessionId } = sessions.next();
  await asUser(ctx, pool, (t) => api.shareKeyword(t, sessionId, content), user);
}

/**
 * A logged-in user with an image uploaded before the run: create a session (set-up step, not
 * measured), think, then chat about the image in it (`images: [blobName]`).
 */
export async function imageChatFlow(ctx: IterationContext, api: GodGptApi, pool: TokenPool, images: ChatImages, content: string, thinkMs = 0): Promise<void> {
  const { user, image } = images.next();
  const created = await asUser(ctx, pool, (t) => api.createSession(t, { measure: false, captureBody: true }), user);
  if (created.outcome !== 'ok' || !created.body) return;
  const sessionId = (JSON.parse(created.body) as { data: string }).data;
  await ctx.sleep(thinkMs);
  await asUser(ctx, pool, (t) => api.chat(t, sessionId, content, { images: [image] }), user);
}
