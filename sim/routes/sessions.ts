import { randomBytes } from 'node:crypto';
import { str } from '../body.ts';
import type { Ctx } from '../ctx.ts';
import { GUID_RE } from '../identity.ts';
import { UpstreamFailedError } from '../llm.ts';
import { mvc } from '../mvc.ts';
import { MIN_DATE } from '../rng.ts';
import type { Route } from '../router.ts';
import type { ChatMessageRecord, Session } from '../state.ts';

const ZERO = '00000000-0000-0000-0000-000000000000';
const PREVIEW_CHARS = 60;
const KEYWORD_PROMPT = 'Write one short line to share about this conversation: ';

function preview(messages: ChatMessageRecord[], keyword?: string): string {
  const last = messages[messages.length - 1]?.content ?? '';
  if (!keyword) return last.slice(0, PREVIEW_CHARS);
  for (const m of messages) {
    const at = m.content.toLowerCase().indexOf(keyword);
    if (at >= 0) return m.content.slice(Math.max(0, at - 20), Math.max(0, at - 20) + PREVIEW_CHARS);
  }
  return last.slice(0, PREVIEW_CHARS);
}

/** A list item; session-list's `content` is `""` on every captured item (§20), search keeps a preview of the match. */
function listItem(s: Session, keyword?: string, messages: ChatMessageRecord[] = []) {
  return { sessionId: s.id, title: s.title, createAt: s.createAt, guider: s.guider, content: keyword === undefined ? '' : preview(messages, keyword), isMatch: keyword !== undefined };
}

function ownSession(ctx: Ctx, userId: string, id: unknown): Session | undefined {
  if (typeof id !== 'string' || !GUID_RE.test(id)) return undefined;
  const s = ctx.rt.state.touchSession(id.toLowerCase(), Date.now());
  return s && (s.owner === userId || ctx.rt.config.pressureMode) ? s : undefined;
}

function history(messages: ChatMessageRecord[]) {
  return messages.map((m) => ({
    chatRole: m.chatRole, content: m.content, isVoiceMessage: m.isVoiceMessage, voiceLanguage: m.voiceLanguage,
    voiceParseSuccess: true, voiceParseErrorMessage: null, voiceDurationSeconds: m.voiceDurationSeconds, imageKeys: m.imageKeys,
  }));
}

/** A session-list item's JSON, kept on the session until its title changes (the rest never does). */
function listItemJson(s: Session): string {
  if (s.listJson === undefined || s.listJsonTitle !== s.title) {
    s.listJson = JSON.stringify(listItem(s));
    s.listJsonTitle = s.title;
  }
  return s.listJson;
}

/**
 * Every session the user has, oldest first, no cap (§20). The cost of a long list is modelled as
 * service time (`sessionListItemUs` per item); the items' JSON is cached so the simulator's own
 * CPU does not compete with the load generator on a shared host.
 */
const sessionList = mvc('sessionList', (ctx, { claims }) => {
  const parts: string[] = [];
  for (const s of ctx.rt.state.sessionsOf(claims!.sub)) if (!s.guest) parts.push(listItemJson(s));
  ctx.okJson(`[${parts.join(',')}]`);
}, { extraMs: (ctx, claims) => (ctx.rt.state.sessionCountOf(claims!.sub) * ctx.rt.config.sessionListItemUs) / 1000 });

const sessionSearch = mvc('sessionSearch', (ctx, { claims }) => {
  const keyword = (ctx.query.get('keyword') ?? '').trim().toLowerCase();
  if (!keyword) return ctx.ok([]);
  const { state } = ctx.rt;
  const hits: ReturnType<typeof listItem>[] = [];
  for (const s of state.sessionsOf(claims!.sub)) {
    const messages = state.historyOf(s);
    if (s.title.toLowerCase().includes(keyword) || messages.some((m) => m.content.toLowerCase().includes(keyword))) hits.push(listItem(s, keyword, messages));
  }
  ctx.ok(hits);
});

/**
 * Anonymous allowed: no token and no matching `shareId` gives the empty DTO; someone else's
 * session gives `data:null`; a route id that is not a GUID fails model validation.
 */
const sessionInfo = mvc('sessionInfo', (ctx, { claims, params }) => {
  const empty = { sessionId: ZERO, title: null, createAt: MIN_DATE, guider: null };
  const id = (params['sessionId'] ?? '').toLowerCase();
  const s = id !== ZERO ? ctx.rt.state.touchSession(id, Date.now()) : undefined;
  const shareId = ctx.query.get('shareId');
  const dto = s && { sessionId: s.id, title: s.title, createAt: s.createAt, guider: s.guider };
  if (shareId) return ctx.ok(s && s.shareId === shareId ? dto : empty);
  if (!claims) return ctx.ok(empty);
  if (!s) return ctx.ok(empty);
  ctx.ok(s.owner === claims.sub ? dto : null);
}, { auth: 'optional', guidParams: ['sessionId'] });

const chatHistory = mvc('chatHistory', (ctx, { claims, params }) => {
  const s = ownSession(ctx, claims!.sub, params['sessionId']);
  if (!s) return ctx.fail(`Unable to load conversation ${params['sessionId'] ?? ''}`);
  ctx.ok(history(s.messages));
}, { guidParams: ['sessionId'] });

const deleteSession = mvc('deleteSession', (ctx, { claims, params }) => {
  const s = ownSession(ctx, claims!.sub, params['sessionId']);
  if (!s) return ctx.fail(`Unable to load conversation ${params['sessionId'] ?? ''}`);
  ctx.rt.state.freeSession(s.id);
  ctx.ok(s.id);
}, { guidParams: ['sessionId'] });

const renameSession = mvc('renameSession', (ctx, { claims, body }) => {
  const title = str(body, 'title');
  const missing = [...(typeof body['sessionId'] === 'string' && GUID_RE.test(body['sessionId']) ? [] : [{ member: 'SessionId', message: 'The SessionId field is required.' }]),
    ...(title ? [] : [{ member: 'Title', message: 'The Title field is required.' }])];
  if (missing.length > 0) return ctx.invalid(...missing);
  const s = ownSession(ctx, claims!.sub, body['sessionId']);
  if (!s) return ctx.fail(`Unable to load conversation ${String(body['sessionId'])}`);
  s.title = title!;
  ctx.ok(s.id);
}, { body: true });

const share = mvc('share', (ctx, { claims, body }) => {
  const s = ownSession(ctx, claims!.sub, body['sessionId']);
  if (!s) return ctx.fail(`Unable to load conversation ${String(body['sessionId'] ?? '')}`);
  if (!s.shareId) {
    s.shareId = randomBytes(12).toString('base64url');
    ctx.rt.state.shares.set(s.shareId, s.id);
  }
  ctx.ok(s.shareId);
}, { body: true });

const shareGet = mvc('shareGet', (ctx, { params }) => {
  const id = ctx.rt.state.shares.get(params['shareString'] ?? '');
  const s = id ? ctx.rt.state.sessions.get(id) : undefined;
  if (!s || s.deleted) return ctx.fail('Invalid Share string');
  ctx.ok(history(ctx.rt.state.historyOf(s)));
}, { auth: 'none' });

/**
 * `GET /api/godgpt/share/keyword?sessionId&content&region&sessionType` (GG
 * `GetShareKeyWordWithAIAsync`, §20): asks the AI model, so after the service's own time it takes
 * an LLM call's (the model of `SIM_LLM`, or `SIM_LLM_URL`'s, with their upstream limits), and
 * answers `QuantumShareResponseDto` `{success, content}`. A missing `sessionId` is no validation
 * error. A model that failed on every retry is a user-friendly error (`"50000"`), never a success.
 */
const shareKeyword = mvc('shareKeyword', async (ctx) => {
  const content = ctx.query.get('content') ?? '';
  let text = '';
  try {
    for await (const d of ctx.rt.llmSource.reply(ctx, `${KEYWORD_PROMPT}${content}`)) text += d.text;
  } catch (err) {
    if (!(err instanceof UpstreamFailedError)) throw err;
    return ctx.fail(`The model is unavailable: ${err.message}`);
  }
  if (ctx.open) ctx.ok({ success: true, content: text.trim() });
});

export const sessionRoutes: Route[] = [
  { method: 'GET', pattern: '/api/godgpt/session-list', handler: sessionList },
  { method: 'GET', pattern: '/api/godgpt/sessions/search', handler: sessionSearch },
  { method: 'GET', pattern: '/api/godgpt/session-info/:sessionId', handler: sessionInfo },
  { method: 'GET', pattern: '/api/godgpt/chat/:sessionId', handler: chatHistory },
  { method: 'DELETE', pattern: '/api/godgpt/chat/:sessionId', handler: deleteSession },
  { method: 'PUT', pattern: '/api/godgpt/chat/rename', handler: renameSession },
  { method: 'POST', pattern: '/api/godgpt/share', handler: share },
  { method: 'GET', pattern: '/api/godgpt/share/keyword', handler: shareKeyword },
  { method: 'GET', pattern: '/api/godgpt/share/:shareString', handler: shareGet },
];
