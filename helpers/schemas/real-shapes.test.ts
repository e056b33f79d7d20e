import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { readEnvelope } from '../client/checks.ts';
import * as F from '../fixtures/real-shapes.ts';
import * as S from './index.ts';

/**
 * Real-shapes contract: every schema of helpers/schemas/ against payloads written from what the
 * real API returned (docs: ../shared/godgpt-api.md §20, AA-real assertions and LT captures, plus
 * §3-§15 for fields §20 does not cover). Where §20 marks a shape unverified, both shapes pass.
 */

const { SID, UID, NO_ZONE, MIN_DATE: MIN } = F;
const chunk = {
  ResponseType: 2, Response: 'Breathe in.', ChatId: SID, IsLastChunk: false, SerialNumber: 1, SerialChunk: 0, SessionId: SID,
  AudioData: null, AudioMetadata: null, ErrorCode: 0, VoiceContentType: 1, SuggestedItems: null,
};
const message = F.CHAT_HISTORY[0]!;
const listItems = F.SESSION_LIST;
/** §20: the three payment-list item shapes. */
const payments = [F.PAYMENT_ITEMS.aaDoc, F.PAYMENT_ITEMS.ggSummary, F.PAYMENT_ITEMS.ggDto];

/** Real payloads per schema (each list: shapes the real API returns). Every exported schema has an entry. */
const REAL: Record<string, unknown[]> = {
  guidSchema: [SID, S.ZERO_GUID],
  dotnetDateSchema: [...F.UTC_DATES, '2025-07-29T03:21:03Z', NO_ZONE, MIN],
  planTypeSchema: [0, 4],
  paymentStatusSchema: [0, 10],
  voiceLanguageSchema: [0, 2],
  errorEnvelopeSchema: [
    { code: '-1', message: 'Your request is not valid!', validationErrors: [{ memberNames: ['InviteCode'], errorMessage: 'The InviteCode field is required.' }] },
    { code: '-1', data: null, message: 'Your request is not valid!', validationErrors: [{ memberNames: ['sessionId'], errorMessage: "The value 'invalid_session_id' is not valid." }] },
    { code: '50000', data: null, message: 'Invalid Share string' },
  ],
  emptyResultEnvelopeSchema: [{ code: '20001', data: null, message: 'empty result' }],
  validationErrorSchema: [{ memberNames: ['InviteCode'], errorMessage: 'The InviteCode field is required.' }],
  audioMetadataSchema: [{ Duration: 1.2, SizeBytes: 4800, SampleRate: 16000, BitRate: 32000, Format: 'mp3', LanguageType: 0 }],
  sseChunkSchema: [chunk, { ...chunk, SerialNumber: -99, IsLastChunk: true, Response: "You've run out of credits." }, { ...chunk, IsLastChunk: true, SuggestedItems: ['More?'] }],
  tokenResponseSchema: [{ access_token: 'eyJ.a.b', token_type: 'Bearer', expires_in: 172799, refresh_token: 'r' }],
  openIddictErrorSchema: [{ error: 'invalid_grant', error_description: 'The username/password couple is invalid.' }],
  registeredUserSchema: [{ id: UID, userName: 'qa-load-1', email: 'qa-load-1@teml.net' }, true, null],
  checkEmailRegisteredSchema: [true, false],
  sendRegisterCodeSchema: [null, true],
  logoutSchema: [null, true],
  guestLimitsSchema: [{ remainingChats: 3, totalAllowed: 3 }],
  guestCreateSessionSchema: [{ remainingChats: 0, totalAllowed: 3 }],
  createSessionSchema: [SID],
  sessionListItemSchema: listItems,
  sessionListSchema: [listItems, []],
  sessionSearchSchema: [listItems.map((i) => ({ ...i, isMatch: true })), []],
  /** §7: the zero DTO (no token, zero GUID, mismatched shareId); someone else's session likely `null` (unverified: both). */
  sessionInfoSchema: [...F.SESSION_INFO, { sessionId: S.ZERO_GUID, title: '', createAt: MIN, guider: '' }, null],
  chatMessageSchema: [message],
  chatHistorySchema: [[message, { ...message, chatRole: 1, content: 'Breathe.' }], []],
  shareMessagesSchema: [[message]],
  deleteSessionSchema: [SID, null],
  renameSessionSchema: [SID],
  shareIdSchema: ['aB3dE5fG7hJ9kL1m'],
  shareKeywordSchema: F.SHARE_KEYWORD,
  accountSchema: [F.ACCOUNT, { ...F.ACCOUNT, gender: null, birthDate: null, isFirstConversation: null, subscription: { ...F.ACCOUNT.subscription, startDate: null } }],
  voiceSetSchema: [{ ...F.ACCOUNT, voiceLanguage: 1 }],
  accountUpdateSchema: [UID],
  accountDeleteSchema: [UID, null],
  showToastSchema: [UID],
  canUploadImageSchema: [{ canUpload: true, reason: null }, { canUpload: false, reason: 'Daily upload limit reached. Upgrade to premium to continue.' }],
  queryVersionSchema: ['1.27.1'],
  userInfoSchema: [{ uid: UID, email: 'a@teml.net', avatar: null, name: 'a' }, { uid: UID }],
  userIdSchema: [UID],
  paymentItemSchema: payments,
  paymentListSchema: [payments, []],
  /** §20 AA-real: `mode:"subscription"`, `currency:"USD"`, `dailyAvgPrice` a string, `isUltimate` a bool. */
  productSchema: F.PRODUCTS,
  productsSchema: [F.PRODUCTS, []],
  iapProductsSchema: [[{ productId: 'com.gpt.god.month', planType: 2 }]],
  paymentKeysSchema: [{ publishableKey: 'pk_live_x' }],
  hasActiveSubscriptionSchema: [{ hasActiveAppleSubscription: false, hasActiveStripeSubscription: false, hasActiveGooglePlaySubscription: false, hasActiveSubscription: false }],
  hasAppleSubscriptionSchema: [false],
  checkoutSessionSchema: ['https://checkout.stripe.com/c/pay/cs_test_1', { sessionId: 'cs_test_1', url: 'https://checkout.stripe.com/c/pay/cs_test_1' }],
  verifyReceiptSchema: [F.VERIFY_RECEIPT_INVALID, { success: true }],
  cancelSubscriptionSchema: [true, null],
  redeemSchema: [{ isValid: false }],
  /** §20: real invite codes are 7 characters of mixed-case letters and digits. */
  invitationInfoSchema: [F.INVITATION_INFO],
  creditsHistoryItemSchema: F.CREDITS_HISTORY[0]!.items,
  creditsHistoryPageSchema: F.CREDITS_HISTORY,
  /** §20: a paged object `{items, totalCount, pageNo, pageSize}` (GG `PagedResultDto`). */
  creditsHistorySchema: F.CREDITS_HISTORY,
  blobNameSchema: [`${SID}.png`, SID],
  blobDeleteSchema: [null],
};

/** Real envelopes of endpoints that can return nothing (§20): `"20001"` is a success without data. */
const VOID_ENDPOINTS: [string, z.ZodType][] = [
  ['GET /api/account/logout', S.logoutSchema],
  ['POST /api/account/send-register-code (unregistered email)', S.sendRegisterCodeSchema],
  ['DELETE /api/godgpt/chat/{id}', S.deleteSessionSchema],
  ['DELETE /api/godgpt/account', S.accountDeleteSchema],
  ['DELETE /api/godgpt/blob/{name}', S.blobDeleteSchema],
];

const schemas = (Object.entries(S) as [string, unknown][]).filter((e): e is [string, z.ZodType] => e[0].endsWith('Schema'));

describe('helpers/schemas against the real shapes of §20', () => {
  it('every exported schema has real-shape fixtures', () => {
    expect(schemas.map(([n]) => n).filter((n) => !(n in REAL))).toEqual([]);
  });

  it.each(schemas)('%s accepts the real payloads', (name, schema) => {
    for (const sample of REAL[name] ?? []) {
      const r = schema.safeParse(sample);
      expect(r.success, `${name} rejected ${JSON.stringify(sample)}: ${r.success ? '' : r.error.message}`).toBe(true);
    }
  });

  it.each(VOID_ENDPOINTS)('%s: "20001" empty result with data:null reads as a success', (_route, schema) => {
    expect(readEnvelope('{"code":"20001","data":null,"message":"empty result"}', schema)).toEqual({ ok: true, data: null });
  });

  it('a wrapped endpoint failure arrives as HTTP 200 with its code: an api error, never data', () => {
    const validation = JSON.stringify(REAL['errorEnvelopeSchema']![0]);
    expect(readEnvelope(validation, S.redeemSchema)).toMatchObject({ ok: false, apiCode: '-1' });
    expect(readEnvelope('{"code":"50000","data":null,"message":"Invalid Share string"}', S.shareMessagesSchema)).toMatchObject({ ok: false, apiCode: '50000', message: 'Invalid Share string' });
    expect(readEnvelope('{"code":"20001","data":null,"message":"empty result"}', S.sessionListSchema)).toMatchObject({ ok: false, apiCode: '20001' });
  });

  it('still rejects what the real API never sends', () => {
    expect(S.dotnetDateSchema.safeParse('2025-07-29 03:21:03').success).toBe(false);
    expect(S.dotnetDateSchema.safeParse('2025-07-29T03:21:03.80267351Z').success).toBe(false);
    expect(S.envelope(S.guestLimitsSchema).safeParse({ code: 20000, data: { remainingChats: 3, totalAllowed: 3 }, message: '' }).success).toBe(false);
    expect(S.errorEnvelopeSchema.safeParse({ code: '20001', data: null, message: 'empty result' }).success).toBe(false);
  });
});
