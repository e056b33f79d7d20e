import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad, type CheckVerdict, type RequestSpec } from '../../src/index.ts';
import * as F from '../fixtures/real-shapes.ts';
import { GodGptApi } from './api.ts';

/**
 * Every route of the test plan (§21) judged by the check the load uses (`spec.check` of the
 * request builder) against the answers the real API gives (§20, helpers/fixtures/real-shapes.ts):
 * a healthy answer is `ok`, an error envelope an `api_error` under its code.
 */

const api = new GodGptApi({ baseUrl: 'http://127.0.0.1:9' });
const T = 'token';

/** Each route: its request builder and the healthy bodies the real API answers it with. */
const ROUTES: [string, RequestSpec, string[]][] = [
  ['GET /api/godgpt/payment/list', api.paymentList(T), [F.ok([F.PAYMENT_ITEMS.aaDoc, F.PAYMENT_ITEMS.ggSummary, F.PAYMENT_ITEMS.ggDto]), F.ok([F.PAYMENT_ITEMS.aaDoc]), F.ok([F.PAYMENT_ITEMS.ggSummary]), F.ok([F.PAYMENT_ITEMS.ggDto]), F.ok([])]],
  ['GET /api/godgpt/payment/products', api.products(T), [F.ok(F.PRODUCTS)]],
  ['GET /api/godgpt/payment/iap-products', api.iapProducts(T), [F.ok([{ productId: 'com.gpt.god.month', planType: 2 }]), F.ok([{ id: 'month', price: '19.99' }]), F.ok([])]],
  ['GET /api/godgpt/payment/has-apple-subscription', api.hasAppleSubscription(T), [F.ok(false), F.ok(true)]],
  ['POST /api/godgpt/payment/verify-receipt', api.verifyReceipt(T, 'MIIT-invalid'), [F.ok(F.VERIFY_RECEIPT_INVALID), F.ok({ success: true })]],
  ['POST /api/godgpt/payment/create-checkout-session', api.createCheckoutSession(T, 'price_month'), [F.ok('https://checkout.stripe.com/c/pay/cs_test_1'), F.ok({ sessionId: 'cs_test_1', url: 'https://checkout.stripe.com/c/pay/cs_test_1' })]],
  ['POST /api/godgpt/payment/cancel-subscription', api.cancelSubscription(T, 'sub_1'), [F.ok(true), F.ok(null), F.EMPTY_RESULT]],
  ['GET /api/godgpt/invitation/info', api.invitationInfo(T), [F.ok(F.INVITATION_INFO)]],
  ['GET /api/godgpt/invitation/credits/history', api.creditsHistory(T), F.CREDITS_HISTORY.map(F.ok)],
  ['POST /api/godgpt/invitation/redeem', api.redeem(T, 'uTaEe44'), [F.ok({ isValid: false }), F.ok({ isValid: true })]],
  ['GET /api/godgpt/share/keyword', api.shareKeyword(T, F.SID), F.SHARE_KEYWORD.map(F.ok)],
  ['GET /api/godgpt/share/{shareId}', api.sharedMessages('aB3dE5fG7hJ9kL1m'), [F.ok(F.CHAT_HISTORY)]],
  ['POST /api/godgpt/share', api.share(T, F.SID), [F.ok('aB3dE5fG7hJ9kL1m')]],
  ['GET /api/godgpt/session-list', api.sessionList(T), [F.ok(F.SESSION_LIST), F.ok([])]],
  ['GET /api/godgpt/session-list (long list check)', api.sessionList(T, { longList: true }), [F.ok(F.SESSION_LIST), F.ok([])]],
  ['GET /api/godgpt/sessions/search', api.sessionSearch(T, 'calm'), [F.ok(F.SESSION_LIST.map((i) => ({ ...i, content: 'calm breathing', isMatch: true }))), F.ok([])]],
  ['GET /api/godgpt/session-info/{id}', api.sessionInfo(T, F.SID), [...F.SESSION_INFO.map(F.ok), F.ok(null)]],
  ['GET /api/godgpt/chat/{id}', api.chatHistory(T, F.SID), [F.ok(F.CHAT_HISTORY), F.ok([])]],
  ['DELETE /api/godgpt/chat/{id}', api.deleteSession(T, F.SID), [F.ok(F.SID), F.EMPTY_RESULT]],
  ['PUT /api/godgpt/chat/rename', api.renameSession(T, F.SID, 'Calm'), [F.ok(F.SID)]],
  ['POST /api/godgpt/create-session', api.createSession(T), [F.ok(F.SID)]],
  ['GET /api/godgpt/account', api.account(T), [F.ok(F.ACCOUNT)]],
  ['PUT /api/godgpt/account', api.updateAccount(T, { gender: '1', birthDate: '1/31/1990', birthPlace: 'Paris', fullName: 'Ann Lee' }), [F.ok(F.UID)]],
  ['POST /api/godgpt/account/show-toast', api.showToast(T), [F.ok(F.UID)]],
  ['DELETE /api/godgpt/account', api.deleteAccount(T), [F.ok(F.UID), F.EMPTY_RESULT]],
  ['POST /api/godgpt/voice/set', api.setVoiceLanguage(T, 1), [F.ok(F.ACCOUNT)]],
  ['GET /api/godgpt/can-upload-image', api.canUploadImage(T), [F.ok({ canUpload: true, reason: null }), F.ok({ canUpload: false, reason: 'Daily upload limit reached. Upgrade to premium to continue.' })]],
  ['GET /api/profile/user-info', api.userInfo(T), [F.ok({ uid: F.UID, email: 'a@teml.net', avatar: null, name: 'a' }), F.ok({ uid: F.UID })]],
  ['GET /api/query/user-id', api.userId(T), [F.ok(F.UID)]],
  ['POST /api/godgpt/blob', api.uploadBlob(T, new Uint8Array(4)), [F.ok(`${F.SID}.png`)]],
  ['DELETE /api/godgpt/blob/{name}', api.deleteBlob(T, `${F.SID}.png`), [F.EMPTY_RESULT, F.ok(null)]],
  ['POST /api/godgpt/guest/create-session', api.guestCreateSession('10.0.0.1'), [F.ok({ remainingChats: 3, totalAllowed: 3 }), F.ok({ remainingChats: 0, totalAllowed: 3 })]],
  ['GET /api/account/logout', api.logout(T), [F.ok(null), F.EMPTY_RESULT]],
  ['POST /api/account/check-email-registered', api.checkEmailRegistered('a@teml.net'), [F.ok(true), F.ok(false)]],
  ['POST /api/account/send-register-code', api.sendRegisterCode('a@teml.net'), [F.EMPTY_RESULT, F.ok(null)]],
  ['POST /api/account/godgpt-register', api.godgptRegister('a@teml.net', 'Secret123', '123456'), [F.ok({ id: F.UID, userName: 'a@teml.net', email: 'a@teml.net' }), F.ok(true), F.EMPTY_RESULT]],
];

const respond = (body: string) => ({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body });

/** The outcome the engine gives a verdict (src/http/verdict.ts): nothing is `ok`, a reason `invalid_body`, an api error `api_error`. */
function outcome(verdict: CheckVerdict): string {
  if (verdict === undefined || verdict === null) return 'ok';
  return typeof verdict === 'string' ? `invalid_body: ${verdict}` : `api_error ${verdict.apiCode}`;
}

describe('each route of the test plan, judged by the load\'s own check against the real answers of §20', () => {
  it.each(ROUTES)('%s: every healthy real answer is ok', (_route, spec, bodies) => {
    expect(spec.check).toBeTypeOf('function');
    for (const body of bodies) expect(outcome(spec.check!(respond(body))), body).toBe('ok');
  });

  it.each(ROUTES)('%s: the real error envelopes are api errors under their code', (_route, spec) => {
    for (const e of F.ERROR_ENVELOPES) expect(outcome(spec.check!(respond(e.body))), e.body).toBe(`api_error ${e.code}`);
  });

  it('a route whose later step needs the data counts "20001" empty result as an api error, not as data', () => {
    for (const spec of [api.createSession(T), api.share(T, F.SID), api.invitationInfo(T), api.products(T), api.uploadBlob(T, new Uint8Array(4))]) {
      expect(outcome(spec.check!(respond(F.EMPTY_RESULT)))).toBe('api_error 20001');
    }
  });

  it('the dates of §20 pass where a check judges a date: 1-7 fraction digits, no zone, 0001-01-01', () => {
    for (const createdAt of [...F.UTC_DATES, F.NO_ZONE, F.MIN_DATE, '2025-07-29T03:21:03Z']) {
      expect(outcome(api.paymentList(T).check!(respond(F.ok([{ ...F.PAYMENT_ITEMS.ggSummary, createdAt }])))), createdAt).toBe('ok');
    }
  });

  it('what a gate needs is still judged: the list framing, paymentGrainId, status and createdAt', () => {
    const check = api.paymentList(T).check!;
    const { paymentGrainId: _id, ...noId } = F.PAYMENT_ITEMS.aaDoc;
    expect(outcome(check(respond(F.ok(F.PAYMENT_ITEMS.aaDoc))))).toMatch(/^invalid_body/);
    expect(outcome(check(respond(F.ok([noId]))))).toMatch(/^invalid_body: data 0\.paymentGrainId/);
    expect(outcome(check(respond(F.ok([{ ...F.PAYMENT_ITEMS.aaDoc, status: 'Completed' }]))))).toMatch(/^invalid_body: data 0\.status/);
    expect(outcome(check(respond(F.ok([{ ...F.PAYMENT_ITEMS.aaDoc, createdAt: '10/07/2025' }]))))).toMatch(/^invalid_body: data 0\.createdAt/);
    expect(outcome(check(respond('{"code":20000,"data":[],"message":""}')))).toMatch(/^invalid_body: code 20000/);
    expect(outcome(api.creditsHistory(T).check!(respond(F.ok([]))))).toMatch(/^invalid_body/);
    expect(outcome(api.verifyReceipt(T, 'x').check!(respond(F.ok(false))))).toMatch(/^invalid_body/);
  });
});

describe('the engine counts them the same way', () => {
  let server: Server;
  let url: string;
  let body = '';

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const run = (answer: string) => {
    body = answer;
    const spec = new GodGptApi({ baseUrl: url }).paymentList(T);
    return runLoad({ scenario: spec, model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 0.4, target: 10 }] }, warmupS: 0, timeoutMs: 2000 });
  };

  it('a user with payments in any real shape is ok; a "-1" envelope is an api_error counted under "-1"', async () => {
    const healthy = await run(F.ok([F.PAYMENT_ITEMS.aaDoc, F.PAYMENT_ITEMS.ggSummary, F.PAYMENT_ITEMS.ggDto]));
    expect(healthy.requests.completed).toBeGreaterThan(0);
    expect(healthy.requests.failed).toBe(0);
    const failing = await run(F.ERROR_ENVELOPES[0]!.body);
    expect(failing.requests.failed).toBe(failing.requests.completed);
    expect(failing.errors).toEqual({ api_error: failing.requests.completed });
    expect(failing.apiCodes).toEqual({ '-1': failing.requests.completed });
  });
});
