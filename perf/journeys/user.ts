import type { IterationContext, RequestSpec } from '../../src/index.ts';
import type { PooledUser } from '../../helpers/auth/token-pool.ts';
import { asUser } from '../../helpers/flows.ts';
import { uploadImage } from '../../helpers/fixtures/image.ts';
import { defineJourney } from '../../helpers/journey.ts';
import { ACCOUNT } from '../endpoints/account.ts';
import { BLOB_UPLOAD } from '../endpoints/blob-upload.ts';
import { CAN_UPLOAD_IMAGE } from '../endpoints/can-upload-image.ts';
import { CHAT } from '../endpoints/chat.ts';
import { CONNECT_TOKEN } from '../endpoints/connect-token.ts';
import { CREATE_SESSION } from '../endpoints/create-session.ts';
import { IMAGE_CHAT } from '../endpoints/image-chat.ts';
import { RENAME_SESSION } from '../endpoints/rename-session.ts';
import { SESSION_INFO } from '../endpoints/session-info.ts';
import { SESSION_LIST } from '../endpoints/session-list.ts';
import { SHARE_KEYWORD } from '../endpoints/share-keyword.ts';
import { BETWEEN_MESSAGES, FIRST_MESSAGE, GLANCE } from './thinks.ts';

/**
 * The branches and their weights. New : returning 20 : 80, open : create 50 : 50, 1–3 messages,
 * image 20%, rename 10% and share 5%: where each comes from is in `why` below.
 */
const LOGIN = { returning: 80, new: 20 } as const;
const OPEN = { existing: 50, create: 50 } as const;
const MESSAGES = [1, 2, 3] as const;
const IMAGE = { yes: 20, no: 80 } as const;
const AFTER = { nothing: 85, rename: 10, share: 5 } as const;

const bodyData = (body: string | undefined): string | undefined => {
  if (!body) return undefined;
  try {
    const data = (JSON.parse(body) as { data?: unknown }).data;
    return typeof data === 'string' ? data : undefined;
  } catch {
    return undefined;
  }
};

export const USER_JOURNEY = defineJourney({
  id: 'user',
  name: 'a user logs in (new or returning), reads the account and the session list, opens or creates a session, chats with pauses, sometimes uploads an image and chats about it, sometimes renames or shares',
  weight: 55,
  why:
    "the QA scripts' default rates (§18) as relative traffic: session-list 35/s (every logged-in user opens it once) against guest create-session 30/s: 35 : 30 ≈ 55 : 45. Inside the journey, assumptions: 20% log in anew (token 70/s is the scripts' highest rate but most app starts reuse a stored token), open an existing session or create one 50 : 50 (session-info and user create-session both 30/s), 1–3 messages, an image in 20% of visits (blob upload's target is a fifth of chat's), rename 10% and share 5% (rename 15/s is half of session-info's 30/s; share is rarer, share-keyword's target is a twentieth of chat's)",
  steps: [
    { endpoint: CONNECT_TOKEN, perUser: LOGIN.new / 100 },
    { endpoint: ACCOUNT, perUser: 1 },
    { endpoint: SESSION_LIST, perUser: 1 },
    { endpoint: SESSION_INFO, perUser: (LOGIN.returning / 100) * (OPEN.existing / 100) },
    { endpoint: CREATE_SESSION, perUser: 1 - (LOGIN.returning / 100) * (OPEN.existing / 100) },
    { endpoint: CHAT, perUser: 2 },
    { endpoint: CAN_UPLOAD_IMAGE, perUser: IMAGE.yes / 100 },
    { endpoint: BLOB_UPLOAD, perUser: IMAGE.yes / 100 },
    { endpoint: IMAGE_CHAT, perUser: IMAGE.yes / 100 },
    { endpoint: RENAME_SESSION, perUser: AFTER.rename / 100 },
    { endpoint: SHARE_KEYWORD, perUser: AFTER.share / 100 },
  ],
  build: async ({ api, pool, sessions, newUsers, prompt, branch, pause }) => {
    const [users, book, fresh] = [await pool(), await sessions(), await newUsers()];
    const login = branch([LOGIN.returning, LOGIN.new]);
    const open = branch([OPEN.existing, OPEN.create]);
    const messages = branch(MESSAGES.map(() => 1));
    const image = branch([IMAGE.yes, IMAGE.no]);
    const after = branch([AFTER.nothing, AFTER.rename, AFTER.share]);
    const [first, between, glance] = [pause(FIRST_MESSAGE), pause(BETWEEN_MESSAGES), pause(GLANCE)];

    return async (ctx: IterationContext) => {
      // Returning: a pooled user (its token stored) with one of their sessions; new: a first login.
      let send: (build: (token: string) => RequestSpec) => ReturnType<IterationContext['request']>;
      let existing: string | undefined;
      if (login() === 0) {
        const { user, sessionId } = book.next();
        const pooled: PooledUser = user;
        send = (build) => asUser(ctx, users, build, pooled);
        existing = sessionId;
      } else {
        const u = fresh.next();
        const res = await ctx.request(api.passwordToken(u.email, u.password, { captureBody: true }));
        const token = res.outcome === 'ok' && res.body ? (JSON.parse(res.body) as { access_token?: string }).access_token : undefined;
        if (!token) return;
        send = (build) => ctx.request(build(token));
      }
      if ((await send((t) => api.account(t))).outcome !== 'ok') return;
      if ((await send((t) => api.sessionList(t))).outcome !== 'ok') return;
      await ctx.sleep(glance());
      let sessionId = existing;
      if (sessionId !== undefined && open() === 0) {
        if ((await send((t) => api.sessionInfo(t, sessionId!))).outcome !== 'ok') return;
      } else {
        sessionId = bodyData((await send((t) => api.createSession(t, { captureBody: true }))).body);
        if (sessionId === undefined) return;
      }
      const n = MESSAGES[messages()]!;
      for (let i = 0; i < n; i++) {
        await ctx.sleep(i === 0 ? first() : between());
        if ((await send((t) => api.chat(t, sessionId!, prompt()))).outcome !== 'ok') return;
      }
      if (image() === 0) {
        if ((await send((t) => api.canUploadImage(t))).outcome !== 'ok') return;
        const blob = bodyData((await send((t) => api.uploadBlob(t, uploadImage(), 'perf.png', 'image/png', { captureBody: true }))).body);
        if (blob === undefined) return;
        await ctx.sleep(between());
        if ((await send((t) => ({ ...api.chat(t, sessionId!, prompt(), { images: [blob] }), name: IMAGE_CHAT.id }))).outcome !== 'ok') return;
      }
      const next = after();
      if (next === 0) return;
      await ctx.sleep(glance());
      if (next === 1) await send((t) => api.renameSession(t, sessionId!, `perf ${ctx.iteration}`));
      else await send((t) => api.shareKeyword(t, sessionId!, prompt()));
    };
  },
});
