import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GodGptApi } from '../../helpers/client/api.ts';
import { chunkCheck, isLastChunk, readEnvelope } from '../../helpers/client/checks.ts';
import * as S from '../../helpers/schemas/index.ts';
import { buildMultipart, type CheckVerdict, type RequestSpec, SseParser } from '../../src/index.ts';
import { startHarness, WEBM_BASE64, type Harness } from './harness.ts';

/**
 * The simulator in its `reference` profile, asked as the real clients ask (the request builders
 * of helpers/client, and the QA scripts' exact request shapes of §20), answers with the real
 * response shapes of §20: judged by the same checks the load tests use.
 */

let h: Harness;
let api: GodGptApi;
let token: string;
let user: { id: string; email: string; inviteCode: string };
let sessionId: string;

interface Sent {
  status: number;
  headers: Headers;
  text: string;
  verdict: CheckVerdict;
}

async function send(spec: RequestSpec): Promise<Sent> {
  let body: string | Uint8Array | undefined = spec.body;
  const headers: Record<string, string> = { ...spec.headers };
  if (spec.multipart) {
    const mp = buildMultipart(spec.multipart);
    body = mp.body;
    headers['content-type'] = mp.contentType;
  }
  const res = await fetch(spec.url, { method: spec.method ?? 'GET', headers, body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body) });
  const text = await res.text();
  let verdict: CheckVerdict;
  if (spec.sse) {
    let last = false;
    new SseParser((e) => {
      verdict ??= chunkCheck(e) ?? undefined;
      if (isLastChunk(e)) last = true;
    }).push(Buffer.from(text));
    if (!last && verdict === undefined) verdict = 'stream ended without its last chunk';
  } else {
    verdict = spec.check?.({ status: res.status, headers: Object.fromEntries([...(res.headers as unknown as Iterable<[string, string]>)]), body: text });
  }
  return { status: res.status, headers: res.headers, text, verdict };
}

/** Sends `spec` as the client does and expects the client's own check to accept the answer. */
async function accepted(spec: RequestSpec): Promise<Sent> {
  const r = await send(spec);
  expect(r.status, `${spec.method} ${spec.url}: ${r.text.slice(0, 200)}`).toBe(200);
  expect(r.verdict, `${spec.method} ${spec.url}: ${r.text.slice(0, 200)}`).toBeUndefined();
  if (!spec.sse) expect(r.headers.get('x-correlation-id')).toMatch(/^[0-9a-f]{32}$/);
  return r;
}

/** The request builders the tests called, to check that every one was asked of the simulator. */
const builtWith = new Set<string>();
function recording(target: GodGptApi): GodGptApi {
  return new Proxy(target, {
    get(t, key, receiver) {
      const v = Reflect.get(t, key, receiver) as unknown;
      if (typeof v !== 'function' || typeof key !== 'string') return v;
      return (...args: unknown[]) => {
        builtWith.add(key);
        return (v as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}

const data = <T>(r: Sent, schema: { parse(v: unknown): T }): T => schema.parse((JSON.parse(r.text) as { data: unknown }).data);

beforeAll(async () => {
  h = await startHarness('reference');
  api = recording(new GodGptApi({ baseUrl: h.url }));
  const u = await h.user('real');
  token = u.token;
  user = u;
  sessionId = data(await accepted(api.createSession(token)), S.createSessionSchema);
  await accepted(api.chat(token, sessionId, 'Teach me calm breathing today'));
});
afterAll(() => h.close());

describe('reference profile: each endpoint, asked as the real clients ask, answers the real shape', () => {
  it('POST /connect/token: 48 h tokens (expires_in 172,799)', async () => {
    const body = JSON.parse((await accepted(api.passwordToken(user.email, 'Passw0rd!'))).text) as { expires_in: number };
    expect(body.expires_in).toBe(172_799);
  });

  it('guest create-session, limits and chat (LT shapes {guider, ip} and {content, images, region, ip})', async () => {
    await accepted(api.guestCreateSession('198.51.100.7'));
    await accepted(api.guestLimits('198.51.100.7'));
    await accepted(api.guestChat('198.51.100.7', 'hello'));
    const lt = await accepted({ ...api.guestCreateSession('198.51.100.8'), body: JSON.stringify({ guider: '', ip: '10.1.1.1' }) });
    expect(data(lt, S.guestLimitsSchema)).toEqual({ remainingChats: 3, totalAllowed: 3 });
    await accepted({ ...api.guestChat('198.51.100.8', 'x'), body: JSON.stringify({ content: 'hi', images: [], region: '', ip: '10.1.1.1' }) });
  });

  it('POST /api/godgpt/create-session with the LT body {guider, userId}', async () => {
    const r = await accepted({ ...api.createSession(token), body: JSON.stringify({ guider: '', userId: user.id }) });
    expect(data(r, S.guidSchema)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('POST /api/gotgpt/chat and POST /api/godgpt/voice/chat stream chunks the checks accept', async () => {
    await accepted(api.chat(token, sessionId, 'And again'));
    await accepted(api.voiceChat(token, { sessionId, audioBase64: WEBM_BASE64, voiceDurationSeconds: 2 }));
  });

  it('GET /api/godgpt/session-list: oldest first, content "", trimmed timestamps', async () => {
    const second = data(await accepted(api.createSession(token)), S.guidSchema);
    const items = data(await accepted(api.sessionList(token)), S.sessionListSchema);
    expect(items.at(-1)!.sessionId).toBe(second);
    expect(items[0]!.sessionId).toBe(sessionId);
    expect(items.every((i) => i.content === '')).toBe(true);
    expect(items.every((i) => !/0Z$/.test(String(i['createAt'])))).toBe(true);
  });

  it('GET session-info: own session, the zero DTO without a token, and "-1" for a non-GUID id', async () => {
    expect(data(await accepted(api.sessionInfo(token, sessionId)), S.sessionInfoSchema)!.sessionId).toBe(sessionId);
    const anon = await accepted({ ...api.sessionInfo(token, sessionId), headers: { accept: 'application/json' } });
    expect(data(anon, S.sessionInfoSchema)).toEqual({ sessionId: S.ZERO_GUID, title: null, createAt: '0001-01-01T00:00:00', guider: null });
    const bad = await send(api.sessionInfo(token, 'invalid_session_id'));
    expect(bad.status).toBe(200);
    expect(bad.verdict).toEqual({ apiCode: '-1', message: expect.stringMatching(/not valid.*sessionId/) });
  });

  it('sessions/search, chat history, rename, share, shared messages and share/keyword', async () => {
    await accepted(api.sessionSearch(token, 'calm'));
    await accepted(api.chatHistory(token, sessionId));
    await accepted(api.renameSession(token, sessionId, 'Calm'));
    const shareId = data(await accepted(api.share(token, sessionId)), S.shareIdSchema);
    await accepted(api.sharedMessages(shareId));
    expect(data(await accepted(api.shareKeyword(token, sessionId)), S.shareKeywordSchema)).toMatchObject({ success: true, content: expect.any(String) });
    expect((await send(api.sharedMessages('unknown'))).verdict).toEqual({ apiCode: '50000', message: 'Invalid Share string' });
    expect((await send(api.chatHistory(token, 'invalid_session_id'))).verdict).toMatchObject({ apiCode: '-1' });
  });

  it('DELETE /api/godgpt/chat/{id} sent with a JSON content type and no body (LT)', async () => {
    const other = data(await accepted(api.createSession(token)), S.guidSchema);
    const spec = api.deleteSession(token, other);
    await accepted({ ...spec, headers: { ...spec.headers, 'content-type': 'application/json' } });
  });

  it('account GET, PUT (zoneless birth date), show-toast {id, UserId}, voice/set, can-upload-image, query-version', async () => {
    await accepted(api.updateAccount(token, { gender: '1', birthDate: '1/31/1990', birthPlace: 'Paris', fullName: 'Ann Lee' }));
    expect(data(await accepted(api.account(token)), S.accountSchema)).toMatchObject({ birthDate: '1990-01-31T00:00:00', subscription: { startDate: '0001-01-01T00:00:00' } });
    await accepted({ ...api.showToast(token), body: JSON.stringify({ id: user.id, UserId: user.id }) });
    await accepted(api.setVoiceLanguage(token, 1));
    await accepted(api.canUploadImage(token));
    await accepted(api.queryVersion());
    await accepted(api.userInfo(token));
    await accepted(api.userId(token));
  });

  it('payments: list, products (mode "subscription"), keys, subscriptions and the three POSTs', async () => {
    await accepted(api.paymentList(token));
    const products = data(await accepted(api.products(token)), S.productsSchema);
    expect(products.every((p) => p.mode === 'subscription' && p.currency === 'USD')).toBe(true);
    await accepted(api.iapProducts(token));
    await accepted(api.paymentKeys(token));
    await accepted(api.hasActiveSubscription(token));
    await accepted(api.hasAppleSubscription(token));
    await accepted(api.createCheckoutSession(token, products[0]!.priceId));
    expect(data(await accepted(api.verifyReceipt(token, 'MIIT...receipt')), S.verifyReceiptSchema)).toMatchObject({ success: false });
    expect((await send(api.cancelSubscription(token, 'sub_none'))).verdict).toMatchObject({ apiCode: '50000' });
  });

  it('invitations: 7-character mixed-case codes, the six real reward tiers, redeem with "-1" for an empty code', async () => {
    const info = data(await accepted(api.invitationInfo(token)), S.invitationInfoSchema);
    expect(info.inviteCode).toMatch(/^[A-Za-z0-9]{7}$/);
    expect((info['rewardTiers'] as { inviteCount: number; credits: number }[]).map((t) => [t.inviteCount, t.credits])).toEqual([[1, 30], [4, 100], [7, 100], [10, 100], [13, 100], [16, 100]]);
    const invitee = await h.user('invitee');
    expect(data(await accepted(api.redeem(invitee.token, info.inviteCode)), S.redeemSchema)).toEqual({ isValid: true });
    const empty = await send(api.redeem(invitee.token, ''));
    expect([empty.status, empty.verdict]).toEqual([200, { apiCode: '-1', message: 'Your request is not valid! InviteCode: The InviteCode field is required.' }]);
    expect(data(await accepted(api.creditsHistory(token)), S.creditsHistorySchema)).toMatchObject({ items: [{ inviteeId: invitee.id }], totalCount: 1, pageNo: 1, pageSize: 10 });
  });

  it('uploads: blob upload, and blob delete answering "20001" empty result, which the client takes as success', async () => {
    const name = data(await accepted(api.uploadBlob(token, new Uint8Array(512))), S.blobNameSchema);
    const del = await accepted(api.deleteBlob(token, name));
    expect(JSON.parse(del.text)).toEqual({ code: '20001', data: null, message: 'empty result' });
  });

  it('account routes: check-email-registered, send-register-code tells registered from unregistered emails, godgpt-register, logout is void', async () => {
    const fresh = await accepted(api.sendRegisterCode('nobody-yet@teml.net'));
    expect(readEnvelope(fresh.text, S.sendRegisterCodeSchema)).toEqual({ ok: true, data: null });
    expect((await send(api.sendRegisterCode(user.email))).verdict).toEqual({ apiCode: '50000', message: expect.stringMatching(/registered/) });
    await accepted(api.checkEmailRegistered('new-user@teml.net'));
    await accepted(api.godgptRegister('new-user@teml.net', 'Secret123', '123456'));
    expect(data(await accepted(api.checkEmailRegistered('new-user@teml.net')), S.checkEmailRegisteredSchema)).toBe(true);
    await accepted(api.logout(token));
    const refresh = JSON.parse((await accepted(api.passwordToken(user.email, 'Passw0rd!'))).text) as { refresh_token: string };
    await accepted(api.refreshToken(refresh.refresh_token));
    const leaving = await h.user('leaving');
    await accepted(api.deleteAccount(leaving.token));
  });

  it('errorStatus "http" keeps the 4xx answers; 401 stays 401 and streams keep plain-text errors either way', async () => {
    const http = await startHarness('reference', { errorStatus: 'http' });
    try {
      const httpApi = new GodGptApi({ baseUrl: http.url });
      const u = await http.user('http');
      expect((await send(httpApi.redeem(u.token, ''))).status).toBe(400);
      expect((await send(httpApi.sharedMessages('unknown'))).status).toBe(400);
    } finally {
      await http.close();
    }
    expect((await send(api.account('not-a-token'))).status).toBe(401);
    const foreign = await send(api.chat(token, '0d9e1c1e-5a4b-4c3d-9e8f-7a6b5c4d3e2f', 'hi'));
    expect([foreign.status, foreign.text]).toEqual([400, 'Unable to load conversation 0d9e1c1e-5a4b-4c3d-9e8f-7a6b5c4d3e2f']);
  });

  it('every request builder of helpers/client was asked of the simulator above, and its check accepted the answer', () => {
    const builders = Object.getOwnPropertyNames(GodGptApi.prototype).filter((n) => n !== 'constructor' && !n.endsWith('Spec'));
    expect(builders.filter((n) => !builtWith.has(n))).toEqual([]);
  });
});
