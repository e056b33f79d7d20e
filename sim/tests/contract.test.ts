import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as S from '../../helpers/schemas/index.ts';
import { startHarness, sseData, WEBM_BASE64, type Harness } from './harness.ts';

let h: Harness;
let token: string;
let userId: string;
let sessionId: string;

function ok<T extends z.ZodType>(schema: T, r: { status: number; text: string; headers: Headers }): z.infer<T> {
  expect(r.status, r.text).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const parsed = S.envelope(schema).safeParse(JSON.parse(r.text));
  if (!parsed.success) throw new Error(`${r.text}\n${parsed.error.message}`);
  const env = parsed.data as { data: unknown; message: string };
  expect(env.message).toBe('');
  return env.data as z.infer<T>;
}

beforeAll(async () => {
  h = await startHarness('fast');
  const u = await h.user('contract');
  token = u.token;
  userId = u.id;
  sessionId = ok(S.createSessionSchema, await h.req('/api/godgpt/create-session', { method: 'POST', token, json: { guider: '' } }));
  const chat = await h.req('/api/gotgpt/chat', { method: 'POST', token, json: { sessionId, content: 'Teach me calm breathing today' } });
  expect(chat.status).toBe(200);
});
afterAll(() => h.close());

describe('JSON endpoints answer the envelope with payloads matching helpers/schemas', () => {
  it('session endpoints', async () => {
    expect(ok(S.createSessionSchema, await h.req('/api/gotgpt/create-session', { method: 'POST', token }))).toMatch(/^[0-9a-f-]{36}$/);
    const list = ok(S.sessionListSchema, await h.req('/api/godgpt/session-list', { token }));
    expect(list.find((s) => s.sessionId === sessionId)?.title).toBe('Teach me calm breathing');
    expect(ok(S.sessionSearchSchema, await h.req('/api/godgpt/sessions/search?keyword=', { token }))).toEqual([]);
    const found = ok(S.sessionSearchSchema, await h.req('/api/godgpt/sessions/search?keyword=calm', { token }));
    expect(found.map((s) => s.sessionId)).toContain(sessionId);
    expect(found.every((s) => s.isMatch)).toBe(true);
    const info = ok(S.sessionInfoSchema, await h.req(`/api/godgpt/session-info/${sessionId}`, { token }));
    expect(info!.sessionId).toBe(sessionId);
    const anon = ok(S.sessionInfoSchema, await h.req(`/api/godgpt/session-info/${sessionId}`));
    expect(anon!.sessionId).toBe(S.ZERO_GUID);
    const history = ok(S.chatHistorySchema, await h.req(`/api/godgpt/chat/${sessionId}`, { token }));
    expect(history.map((m) => m.chatRole)).toEqual([S.CHAT_ROLES.user, S.CHAT_ROLES.assistant]);
    expect(ok(S.renameSessionSchema, await h.req('/api/godgpt/chat/rename', { method: 'PUT', token, json: { sessionId, title: 'Renamed' } }))).toBe(sessionId);
    const shareId = ok(S.shareIdSchema, await h.req('/api/godgpt/share', { method: 'POST', token, json: { sessionId } }));
    expect(ok(S.shareMessagesSchema, await h.req(`/api/godgpt/share/${shareId}`))).toHaveLength(2);
    const shared = ok(S.sessionInfoSchema, await h.req(`/api/godgpt/session-info/${sessionId}?shareId=${shareId}`));
    expect(shared!.title).toBe('Renamed');
    const other = ok(S.createSessionSchema, await h.req('/api/godgpt/create-session', { method: 'POST', token, json: {} }));
    expect(ok(S.deleteSessionSchema, await h.req(`/api/godgpt/chat/${other}`, { method: 'DELETE', token }))).toBe(other);
    const again = await h.req(`/api/godgpt/chat/${other}`, { token });
    expect(S.errorEnvelopeSchema.parse(again.json()).message).toContain('Unable to load conversation');
  });

  it('account, profile and user id endpoints', async () => {
    const acc = ok(S.accountSchema, await h.req('/api/godgpt/account', { token }));
    expect(acc.id).toBe(userId);
    expect(acc).toMatchObject({ credits: { credits: 310 } });
    expect(ok(S.accountUpdateSchema, await h.req('/api/godgpt/account', { method: 'PUT', token, json: { gender: '1', birthDate: '03/15/1995', birthPlace: 'Paris', fullName: 'Ann Lee' } }))).toBe(userId);
    const updated = ok(S.accountSchema, await h.req('/api/godgpt/account', { token }));
    expect(updated).toMatchObject({ fullName: 'Ann Lee', birthPlace: 'Paris', birthDate: '1995-03-15T00:00:00' });
    expect(ok(S.showToastSchema, await h.req('/api/godgpt/account/show-toast', { method: 'POST', token, json: {} }))).toBe(userId);
    expect(ok(S.accountSchema, await h.req('/api/godgpt/account', { token }))).toMatchObject({ credits: { shouldShowToast: false } });
    expect(ok(S.voiceSetSchema, await h.req('/api/godgpt/voice/set', { method: 'POST', token, json: { voiceLanguage: 2 } })).voiceLanguage).toBe(2);
    expect(ok(S.canUploadImageSchema, await h.req('/api/godgpt/can-upload-image', { token }))).toEqual({ canUpload: true, reason: null });
    expect(ok(S.queryVersionSchema, await h.req('/api/godgpt/query-version'))).toBe('1.27.1');
    expect(ok(S.userInfoSchema, await h.req('/api/profile/user-info', { token })).uid).toBe(userId);
    expect(ok(S.userIdSchema, await h.req('/api/query/user-id', { token }))).toBe(userId);
  });

  it('payment endpoints', async () => {
    expect(ok(S.paymentListSchema, await h.req('/api/godgpt/payment/list?page=1&pageSize=10', { token }))).toEqual([]);
    const seeded = await h.req('/_sim/seed-users', { method: 'POST', json: { count: 1, emailPrefix: 'payer', paymentsPerUser: 3 } });
    const payer = await h.login((seeded.json() as { users: { email: string }[] }).users[0]!.email);
    expect(ok(S.paymentListSchema, await h.req('/api/godgpt/payment/list?page=1&pageSize=2', { token: payer.access_token }))).toHaveLength(2);
    expect(ok(S.productsSchema, await h.req('/api/godgpt/payment/products', { token })).length).toBeGreaterThan(0);
    ok(S.iapProductsSchema, await h.req('/api/godgpt/payment/iap-products', { token }));
    ok(S.paymentKeysSchema, await h.req('/api/godgpt/payment/keys', { token }));
    expect(ok(S.hasActiveSubscriptionSchema, await h.req('/api/godgpt/payment/has-active-subscription', { token })).hasActiveSubscription).toBe(false);
    expect(ok(S.hasAppleSubscriptionSchema, await h.req('/api/godgpt/payment/has-apple-subscription', { token }))).toBe(false);
  });

  it('invitation endpoints follow the redeem rules', async () => {
    const inviter = await h.user('inviter');
    const invitee = await h.user('invitee');
    const info = ok(S.invitationInfoSchema, await h.req('/api/godgpt/invitation/info', { token: inviter.token }));
    expect(info.inviteCode).toBe(inviter.inviteCode);
    const redeem = (t: string, code: string) => h.req('/api/godgpt/invitation/redeem', { method: 'POST', token: t, json: { inviteCode: code } });
    expect(ok(S.redeemSchema, await redeem(invitee.token, 'NOPE0000'))).toEqual({ isValid: false });
    expect(ok(S.redeemSchema, await redeem(inviter.token, inviter.inviteCode))).toEqual({ isValid: false });
    expect(ok(S.redeemSchema, await redeem(invitee.token, inviter.inviteCode))).toEqual({ isValid: true });
    expect(ok(S.redeemSchema, await redeem(invitee.token, inviter.inviteCode))).toEqual({ isValid: false });
    const after = ok(S.invitationInfoSchema, await h.req('/api/godgpt/invitation/info', { token: inviter.token }));
    expect(after.validInvites).toBe(1);
    expect(ok(S.invitationInfoSchema, await h.req('/api/godgpt/invitation/info', { token: invitee.token })).isBound).toBe(true);
    expect(ok(S.creditsHistorySchema, await h.req('/api/godgpt/invitation/credits/history', { token: inviter.token }))).toMatchObject({ items: [{ inviteeId: invitee.id, credits: 30 }], totalCount: 1, pageNo: 1 });
    const tooLong = await redeem(invitee.token, 'X'.repeat(21));
    expect(tooLong.status).toBe(200);
    expect(S.errorEnvelopeSchema.parse(tooLong.json())).toMatchObject({ code: '-1', validationErrors: [{ memberNames: ['InviteCode'] }] });
  });

  it('guest endpoints', async () => {
    const ip = '203.0.113.77';
    expect(ok(S.guestLimitsSchema, await h.req('/api/godgpt/guest/limits', { ip }))).toEqual({ remainingChats: 3, totalAllowed: 3 });
    expect(ok(S.guestCreateSessionSchema, await h.req('/api/godgpt/guest/create-session', { method: 'POST', ip, json: { guider: '' } }))).toEqual({ remainingChats: 3, totalAllowed: 3 });
  });

  it('account registration routes', async () => {
    const email = 'fresh-user@teml.net';
    expect(ok(S.checkEmailRegisteredSchema, await h.req('/api/account/check-email-registered', { method: 'POST', json: { emailAddress: email } }))).toBe(false);
    const code = await h.req('/api/account/send-register-code', { method: 'POST', json: { email, appName: 'GodGPT' } });
    expect(S.emptyResultEnvelopeSchema.parse(code.json())).toEqual({ code: '20001', data: null, message: 'empty result' });
    expect(ok(S.registeredUserSchema, await h.req('/api/account/godgpt-register', { method: 'POST', json: { emailAddress: email, password: 'Secret123', appName: 'GodGPT', code: '123456' } }))).toMatchObject({ email });
    expect(ok(S.checkEmailRegisteredSchema, await h.req('/api/account/check-email-registered', { method: 'POST', json: { emailAddress: email } }))).toBe(true);
    expect((await h.login(email, 'Secret123')).access_token).toBeTruthy();
  });

  it('blob upload and delete', async () => {
    const form = new FormData();
    form.append('File', new Blob([Buffer.alloc(2048, 1)], { type: 'image/png' }), 'photo.PNG');
    const name = ok(S.blobNameSchema, await h.req('/api/godgpt/blob', { method: 'POST', token, body: form }));
    expect(name.endsWith('.png')).toBe(true);
    expect(S.emptyResultEnvelopeSchema.parse((await h.req(`/api/godgpt/blob/${name}`, { method: 'DELETE', token })).json()).code).toBe('20001');
    const chat = await h.req('/api/gotgpt/chat', { method: 'POST', token, json: { sessionId, content: 'look', images: [name] } });
    expect(sseData(chat.text).at(-1)).toMatchObject({ IsLastChunk: true });
  });

  it('the three chat streams carry chunks matching the SSE schema', async () => {
    const voice = await h.req('/api/godgpt/voice/chat', { method: 'POST', token, json: { sessionId, content: WEBM_BASE64, messageType: 1, voiceLanguage: 0, voiceDurationSeconds: 2 } });
    for (const c of sseData(voice.text)) S.sseChunkSchema.parse(c);
    await h.req('/api/godgpt/guest/create-session', { method: 'POST', ip: '203.0.113.78', json: {} });
    const guest = await h.req('/api/godgpt/guest/chat', { method: 'POST', ip: '203.0.113.78', json: { content: 'hi' } });
    for (const c of sseData(guest.text)) S.sseChunkSchema.parse(c);
  });

  it('unknown routes and POST /api/godgpt/chat answer 404, wrong methods 405', async () => {
    expect((await h.req('/api/godgpt/chat', { method: 'POST', token, json: { sessionId, content: 'x' } })).status).toBe(404);
    expect((await h.req('/api/nope', { token })).status).toBe(404);
    expect((await h.req('/api/godgpt/account', { method: 'PATCH', token })).status).toBe(405);
  });
});
