import type { RequestSpec } from '../../src/index.ts';
import * as s from '../schemas/index.ts';
import type { AccountUpdate, SpecExtras, VoiceChatInput } from './api-types.ts';
import { envelopeCheck, jsonCheck, longListCheck } from './checks.ts';
import { JSON_HEADERS, SpecBuilder } from './spec-builder.ts';

/**
 * Request builders for every GodGPT endpoint: each returns a `RequestSpec` with its response
 * check (envelope code "20000" plus the zod schema of `data`, or the SSE chunk checks), ready for
 * `ctx.request(spec)` or `runLoad({ scenario: spec })`. URLs are absolute (the gateway prefix is kept).
 */
export class GodGptApi extends SpecBuilder {
  // --- auth server -------------------------------------------------------------------------

  /** `POST /connect/token`, password grant (form-encoded, public client). */
  passwordToken(email: string, password: string, extras?: SpecExtras): RequestSpec {
    return this.tokenSpec(new URLSearchParams({ grant_type: 'password', client_id: 'AevatarAuthServer', scope: 'Aevatar offline_access', username: email, password }), extras);
  }

  /** `POST /connect/token`, refresh-token grant. */
  refreshToken(refreshToken: string, extras?: SpecExtras): RequestSpec {
    return this.tokenSpec(new URLSearchParams({ grant_type: 'refresh_token', client_id: 'AevatarAuthServer', refresh_token: refreshToken }), extras);
  }

  private tokenSpec(form: URLSearchParams, extras?: SpecExtras): RequestSpec {
    return {
      name: 'connect-token',
      method: 'POST',
      url: `${this.authUrl}/connect/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      check: jsonCheck(s.tokenResponseSchema),
      ...extras,
    };
  }

  /** `GET /api/account/logout` (§20: `"20000"` or `"20001"`). */
  logout(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('logout', 'GET', '/api/account/logout', token, s.logoutSchema, undefined, extras);
  }

  /** `POST /api/account/send-register-code`: `"20001"` for an unregistered email, `"50000"` for a registered one (§20). */
  sendRegisterCode(email: string, extras?: SpecExtras): RequestSpec {
    return this.json('send-register-code', 'POST', '/api/account/send-register-code', undefined, s.sendRegisterCodeSchema, { email, appName: 'GodGPT' }, extras);
  }

  /** `POST /api/account/check-email-registered` `{emailAddress}`: a bool (§11). */
  checkEmailRegistered(email: string, extras?: SpecExtras): RequestSpec {
    return this.json('check-email-registered', 'POST', '/api/account/check-email-registered', undefined, s.checkEmailRegisteredSchema, { emailAddress: email }, extras);
  }

  /** `POST /api/account/godgpt-register` `{emailAddress, password, appName, code}` (§11): creates an account on a real deployment. */
  godgptRegister(email: string, password: string, code: string, extras?: SpecExtras): RequestSpec {
    return this.json('godgpt-register', 'POST', '/api/account/godgpt-register', undefined, s.registeredUserSchema, { emailAddress: email, password, appName: 'GodGPT', code }, extras);
  }

  // --- guest -------------------------------------------------------------------------------

  /** `POST /api/godgpt/guest/create-session` as the guest at `ip` (`X-Forwarded-For`). */
  guestCreateSession(ip: string, extras?: SpecExtras): RequestSpec {
    return { ...this.json('guest-create-session', 'POST', '/api/godgpt/guest/create-session', undefined, s.guestCreateSessionSchema, { guider: '' }), headers: { ...JSON_HEADERS, godgptlanguage: this.language, 'x-forwarded-for': ip }, ...extras };
  }

  /** `GET /api/godgpt/guest/limits` as the guest at `ip`. */
  guestLimits(ip: string, extras?: SpecExtras): RequestSpec {
    return { ...this.json('guest-limits', 'GET', '/api/godgpt/guest/limits', undefined, s.guestLimitsSchema, undefined), headers: { accept: 'application/json', 'x-forwarded-for': ip }, ...extras };
  }

  /** `POST /api/godgpt/guest/chat` (SSE) as the guest at `ip`. */
  guestChat(ip: string, content: string, extras?: SpecExtras): RequestSpec {
    return this.stream('guest-chat', '/api/godgpt/guest/chat', { 'x-forwarded-for': ip }, { content, region: '' }, { inputText: content, ...extras });
  }

  // --- sessions and chat -------------------------------------------------------------------

  createSession(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('create-session', 'POST', '/api/godgpt/create-session', token, s.createSessionSchema, { guider: '' }, extras);
  }

  /** `POST /api/gotgpt/chat` (SSE; the route's typo is real). */
  chat(token: string, sessionId: string, content: string, extras?: SpecExtras & { images?: string[] }): RequestSpec {
    const { images = [], ...rest } = extras ?? {};
    return this.stream('chat', '/api/gotgpt/chat', { authorization: `Bearer ${token}` }, { sessionId, content, region: '', images }, { inputText: content, ...rest });
  }

  /** `POST /api/godgpt/voice/chat` (SSE, JSON body with base64 audio). */
  voiceChat(token: string, input: VoiceChatInput, extras?: SpecExtras): RequestSpec {
    return this.stream('voice-chat', '/api/godgpt/voice/chat', { authorization: `Bearer ${token}` }, {
      sessionId: input.sessionId,
      content: input.audioBase64,
      region: input.region ?? '',
      messageType: 1,
      voiceLanguage: input.voiceLanguage ?? 0,
      voiceDurationSeconds: input.voiceDurationSeconds ?? 1,
    }, extras);
  }

  /**
   * `GET /api/godgpt/session-list`; `longList` judges a list of thousands of items without parsing
   * every body (`longListCheck`: framing, code and first/last items; a full check otherwise).
   */
  sessionList(token: string, extras?: SpecExtras & { longList?: boolean }): RequestSpec {
    const { longList, ...rest } = extras ?? {};
    const spec = this.json('session-list', 'GET', '/api/godgpt/session-list', token, s.sessionListSchema, undefined, rest);
    return longList ? { ...spec, check: longListCheck(s.sessionListItemSchema), ...rest } : spec;
  }

  sessionSearch(token: string, keyword: string, extras?: SpecExtras): RequestSpec {
    return this.json('session-search', 'GET', `/api/godgpt/sessions/search?keyword=${encodeURIComponent(keyword)}`, token, s.sessionSearchSchema, undefined, extras);
  }

  sessionInfo(token: string, sessionId: string, extras?: SpecExtras): RequestSpec {
    return this.json('session-info', 'GET', `/api/godgpt/session-info/${encodeURIComponent(sessionId)}`, token, s.sessionInfoSchema, undefined, extras);
  }

  chatHistory(token: string, sessionId: string, extras?: SpecExtras): RequestSpec {
    return this.json('chat-history', 'GET', `/api/godgpt/chat/${encodeURIComponent(sessionId)}`, token, s.chatHistorySchema, undefined, extras);
  }

  deleteSession(token: string, sessionId: string, extras?: SpecExtras): RequestSpec {
    return this.json('delete-session', 'DELETE', `/api/godgpt/chat/${encodeURIComponent(sessionId)}`, token, s.deleteSessionSchema, undefined, extras);
  }

  renameSession(token: string, sessionId: string, title: string, extras?: SpecExtras): RequestSpec {
    return this.json('rename-session', 'PUT', '/api/godgpt/chat/rename', token, s.renameSessionSchema, { sessionId, title }, extras);
  }

  share(token: string, sessionId: string, extras?: SpecExtras): RequestSpec {
    return this.json('share', 'POST', '/api/godgpt/share', token, s.shareIdSchema, { sessionId }, extras);
  }

  /** `GET /api/godgpt/share/keyword` (§20): share keywords for a session. */
  shareKeyword(token: string, sessionId: string, content = '', extras?: SpecExtras): RequestSpec {
    const q = new URLSearchParams({ sessionId, content, region: '', sessionType: '0' });
    return this.json('share-keyword', 'GET', `/api/godgpt/share/keyword?${q}`, token, s.shareKeywordSchema, undefined, extras);
  }

  sharedMessages(shareString: string, extras?: SpecExtras): RequestSpec {
    return this.json('shared-messages', 'GET', `/api/godgpt/share/${encodeURIComponent(shareString)}`, undefined, s.shareMessagesSchema, undefined, extras);
  }

  // --- account and profile -----------------------------------------------------------------

  account(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('account', 'GET', '/api/godgpt/account', token, s.accountSchema, undefined, extras);
  }

  updateAccount(token: string, update: AccountUpdate, extras?: SpecExtras): RequestSpec {
    return this.json('account-update', 'PUT', '/api/godgpt/account', token, s.accountUpdateSchema, update, extras);
  }

  deleteAccount(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('account-delete', 'DELETE', '/api/godgpt/account', token, s.accountDeleteSchema, undefined, extras);
  }

  /** `POST /api/godgpt/account/show-toast` (POST, not GET as the report's table says). */
  showToast(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('account-show-toast', 'POST', '/api/godgpt/account/show-toast', token, s.showToastSchema, {}, extras);
  }

  setVoiceLanguage(token: string, voiceLanguage: number, extras?: SpecExtras): RequestSpec {
    return this.json('voice-set', 'POST', '/api/godgpt/voice/set', token, s.voiceSetSchema, { voiceLanguage }, extras);
  }

  canUploadImage(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('can-upload-image', 'GET', '/api/godgpt/can-upload-image', token, s.canUploadImageSchema, undefined, extras);
  }

  queryVersion(extras?: SpecExtras): RequestSpec {
    return this.json('query-version', 'GET', '/api/godgpt/query-version', undefined, s.queryVersionSchema, undefined, extras);
  }

  userInfo(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('user-info', 'GET', '/api/profile/user-info', token, s.userInfoSchema, undefined, extras);
  }

  userId(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('user-id', 'GET', '/api/query/user-id', token, s.userIdSchema, undefined, extras);
  }

  // --- payment -----------------------------------------------------------------------------

  paymentList(token: string, page = 1, pageSize = 10, extras?: SpecExtras): RequestSpec {
    return this.json('payment-list', 'GET', `/api/godgpt/payment/list?page=${page}&pageSize=${pageSize}`, token, s.paymentListSchema, undefined, extras);
  }

  hasAppleSubscription(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('has-apple-subscription', 'GET', '/api/godgpt/payment/has-apple-subscription', token, s.hasAppleSubscriptionSchema, undefined, extras);
  }

  hasActiveSubscription(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('has-active-subscription', 'GET', '/api/godgpt/payment/has-active-subscription', token, s.hasActiveSubscriptionSchema, undefined, extras);
  }

  products(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('payment-products', 'GET', '/api/godgpt/payment/products', token, s.productsSchema, undefined, extras);
  }

  iapProducts(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('payment-iap-products', 'GET', '/api/godgpt/payment/iap-products', token, s.iapProductsSchema, undefined, extras);
  }

  paymentKeys(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('payment-keys', 'GET', '/api/godgpt/payment/keys', token, s.paymentKeysSchema, undefined, extras);
  }

  /** `POST /api/godgpt/payment/create-checkout-session` (§20). */
  createCheckoutSession(token: string, priceId: string, extras?: SpecExtras): RequestSpec {
    return this.json('payment-create-checkout-session', 'POST', '/api/godgpt/payment/create-checkout-session', token, s.checkoutSessionSchema, { priceId, mode: 'subscription', quantity: 1 }, extras);
  }

  /** `POST /api/godgpt/payment/verify-receipt` (§20): an App Store receipt. */
  verifyReceipt(token: string, receiptData: string, extras?: SpecExtras): RequestSpec {
    return this.json('payment-verify-receipt', 'POST', '/api/godgpt/payment/verify-receipt', token, s.verifyReceiptSchema, { receiptData, sandboxMode: false }, extras);
  }

  /** `POST /api/godgpt/payment/cancel-subscription` (§20). */
  cancelSubscription(token: string, subscriptionId: string, extras?: SpecExtras): RequestSpec {
    return this.json('payment-cancel-subscription', 'POST', '/api/godgpt/payment/cancel-subscription', token, s.cancelSubscriptionSchema, { subscriptionId }, extras);
  }

  // --- invitations -------------------------------------------------------------------------

  redeem(token: string, inviteCode: string, extras?: SpecExtras): RequestSpec {
    return this.json('invitation-redeem', 'POST', '/api/godgpt/invitation/redeem', token, s.redeemSchema, { inviteCode }, extras);
  }

  invitationInfo(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('invitation-info', 'GET', '/api/godgpt/invitation/info', token, s.invitationInfoSchema, undefined, extras);
  }

  creditsHistory(token: string, extras?: SpecExtras): RequestSpec {
    return this.json('credits-history', 'GET', '/api/godgpt/invitation/credits/history', token, s.creditsHistorySchema, undefined, extras);
  }

  // --- uploads -----------------------------------------------------------------------------

  /** `POST /api/godgpt/blob`: multipart with one file field named `File`. */
  uploadBlob(token: string, file: Uint8Array, filename = 'image.png', contentType = 'image/png', extras?: SpecExtras): RequestSpec {
    return {
      name: 'blob-upload',
      method: 'POST',
      url: this.url('/api/godgpt/blob'),
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      multipart: [{ name: 'File', value: file, filename, contentType }],
      check: envelopeCheck(s.blobNameSchema),
      ...extras,
    };
  }

  deleteBlob(token: string, name: string, extras?: SpecExtras): RequestSpec {
    return this.json('blob-delete', 'DELETE', `/api/godgpt/blob/${encodeURIComponent(name)}`, token, s.blobDeleteSchema, undefined, extras);
  }
}
