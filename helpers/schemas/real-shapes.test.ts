import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { readEnvelope } from '../client/checks.ts';
import * as S from './index.ts';

/**
 * Real-shapes contract: every schema of helpers/schemas/ against payloads written from what the
 * real API returned (docs: ../shared/godgpt-api.md §20, AA-real assertions and LT captures, plus
 * §3-§15 for fields §20 does not cover). Where §20 marks a shape unverified, both shapes pass.
 */

const SID = '3f2a9c1e-8b7d-4e6f-a5c4-0b1d2e3f4a5b';
const UID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
/** §20: UTC timestamps carry Z and 1-7 fraction digits with trailing zeros trimmed. */
const UTC_7 = '2025-07-29T03:21:03.8026735Z';
const UTC_TRIMMED = '2025-07-30T08:14:55.43Z';
/** §20: a date without a time zone (`birthDate:"1/31/1990"` reads back like this). */
const NO_ZONE = '1990-01-31T00:00:00';
const MIN = S.MIN_DOTNET_DATE;

const noSubscription = { isActive: false, planType: 0, status: 0, startDate: MIN, endDate: MIN, subscriptionIds: [], invoiceIds: [] };
const chunk = {
  ResponseType: 2, Response: 'Breathe in.', ChatId: SID, IsLastChunk: false, SerialNumber: 1, SerialChunk: 0, SessionId: SID,
  AudioData: null, AudioMetadata: null, ErrorCode: 0, VoiceContentType: 1, SuggestedItems: null,
};
const message = { chatRole: 0, content: 'hi', isVoiceMessage: false, voiceLanguage: 0, voiceParseSuccess: true, voiceParseErrorMessage: null, voiceDurationSeconds: 0, imageKeys: [] };
/** §20 LT capture: `content` is "" on every item, titled or not; lowercase GUIDs; oldest first. */
const listItems = [
  { sessionId: SID, title: '', createAt: '2025-06-02T10:01:17.5Z', guider: '', content: '', isMatch: false },
  { sessionId: UID, title: 'Teach me calm breathing', createAt: UTC_TRIMMED, guider: null, content: '', isMatch: false },
];
const payment = {
  paymentGrainId: SID, orderId: 'cs_live_1', planType: 2, amount: 19.99, currency: 'USD', createdAt: UTC_7, completedAt: UTC_TRIMMED, status: 3,
  paymentType: 1, method: 0, platform: 0, isSubscriptionRenewal: false, subscriptionId: 'sub_1', subscriptionStartDate: UTC_7, subscriptionEndDate: UTC_7,
  sessionId: null, userId: UID, priceId: 'price_1', invoiceDetails: [], appStoreEnvironment: null, membershipLevel: 0,
};
/** §20 AA-real: six tiers 1→30, 4→100, 7→100, 10→100, 13→100, 16→100. */
const rewardTiers = [[1, 30], [4, 100], [7, 100], [10, 100], [13, 100], [16, 100]].map(([inviteCount, credits]) => ({ inviteCount, credits, isCompleted: false }));

/** Real payloads per schema (each list: shapes the real API returns). Every exported schema has an entry. */
const REAL: Record<string, unknown[]> = {
  guidSchema: [SID, S.ZERO_GUID],
  dotnetDateSchema: [UTC_7, UTC_TRIMMED, '2025-07-29T03:21:03.8Z', '2025-07-29T03:21:03Z', NO_ZONE, MIN],
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
  registeredUserSchema: [{ id: UID, userName: 'qa-load-1', email: 'qa-load-1@teml.net' }],
  checkEmailRegisteredSchema: [true, false],
  sendRegisterCodeSchema: [null],
  logoutSchema: [null, true],
  guestLimitsSchema: [{ remainingChats: 3, totalAllowed: 3 }],
  guestCreateSessionSchema: [{ remainingChats: 0, totalAllowed: 3 }],
  createSessionSchema: [SID],
  sessionListItemSchema: listItems,
  sessionListSchema: [listItems, []],
  sessionSearchSchema: [listItems.map((i) => ({ ...i, isMatch: true })), []],
  /** §7: the zero DTO (no token, zero GUID, mismatched shareId); someone else's session likely `null` (unverified: both). */
  sessionInfoSchema: [{ sessionId: SID, title: 'Calm', createAt: UTC_7, guider: '' }, { sessionId: S.ZERO_GUID, title: null, createAt: MIN, guider: null }, { sessionId: S.ZERO_GUID, title: '', createAt: MIN, guider: '' }, null],
  chatMessageSchema: [message],
  chatHistorySchema: [[message, { ...message, chatRole: 1, content: 'Breathe.' }], []],
  shareMessagesSchema: [[message]],
  deleteSessionSchema: [SID, null],
  renameSessionSchema: [SID],
  shareIdSchema: ['aB3dE5fG7hJ9kL1m'],
  shareKeywordSchema: [{ keyword: 'calm' }, null],
  creditsInfoSchema: [{ isInitialized: true, credits: 320, shouldShowToast: true }],
  subscriptionInfoSchema: [noSubscription, { isActive: true, planType: 2, status: 3, startDate: UTC_7, endDate: UTC_TRIMMED, subscriptionIds: ['sub_1'], invoiceIds: [] }],
  accountSchema: [{
    gender: '1', birthDate: NO_ZONE, birthPlace: 'Paris', fullName: 'Ann Lee', id: UID, inviterId: null, voiceLanguage: 0, isFirstConversation: true,
    credits: { isInitialized: true, credits: 320, shouldShowToast: true }, subscription: noSubscription, ultimateSubscription: noSubscription,
  }],
  voiceSetSchema: [{
    gender: null, birthDate: null, birthPlace: null, fullName: null, id: UID, voiceLanguage: 1,
    credits: { isInitialized: false, credits: 0, shouldShowToast: false }, subscription: noSubscription, ultimateSubscription: noSubscription,
  }],
  accountUpdateSchema: [UID],
  accountDeleteSchema: [UID, null],
  showToastSchema: [UID],
  canUploadImageSchema: [{ canUpload: true, reason: null }, { canUpload: false, reason: 'Daily upload limit reached. Upgrade to premium to continue.' }],
  queryVersionSchema: ['1.27.1'],
  userInfoSchema: [{ uid: UID, email: 'a@teml.net', avatar: null, name: 'a' }, { uid: UID }],
  userIdSchema: [UID],
  paymentItemSchema: [payment],
  paymentListSchema: [[payment], []],
  /** §20 AA-real: `mode:"subscription"`, `currency:"USD"`, `dailyAvgPrice` a string, `isUltimate` a bool. */
  productSchema: [{ planType: 2, priceId: 'price_1', mode: 'subscription', amount: 19.99, dailyAvgPrice: '0.67', currency: 'USD', isUltimate: false }],
  productsSchema: [[{ planType: 3, priceId: 'price_2', mode: 'subscription', amount: 149.99, dailyAvgPrice: '0.41', currency: 'USD', isUltimate: true }]],
  iapProductsSchema: [[{ productId: 'com.gpt.god.month', planType: 2 }]],
  paymentKeysSchema: [{ publishableKey: 'pk_live_x' }],
  hasActiveSubscriptionSchema: [{ hasActiveAppleSubscription: false, hasActiveStripeSubscription: false, hasActiveGooglePlaySubscription: false, hasActiveSubscription: false }],
  hasAppleSubscriptionSchema: [false],
  checkoutSessionSchema: ['https://checkout.stripe.com/c/pay/cs_test_1', { sessionId: 'cs_test_1', url: 'https://checkout.stripe.com/c/pay/cs_test_1' }],
  verifyReceiptSchema: [true, { isValid: true }],
  cancelSubscriptionSchema: [true, null],
  redeemSchema: [{ isValid: false }],
  rewardTierSchema: rewardTiers,
  /** §20: real invite codes are 7 characters of mixed-case letters and digits. */
  invitationInfoSchema: [{ inviteCode: 'uTaEe44', totalInvites: 0, validInvites: 0, totalCreditsEarned: 0, rewardTiers, totalCreditsFromX: 0, isBound: false }],
  creditsHistoryItemSchema: [{ credits: 30, reason: 'InviteReward', createdAt: UTC_TRIMMED }],
  creditsHistoryPageSchema: [{ items: [{ inviteeId: UID, rewardType: 1, issuedAt: UTC_7 }] }],
  /** §20: AA reads `data.items[]` (unverified): both shapes. */
  creditsHistorySchema: [[], [{ credits: 30, reason: 'InviteReward', createdAt: UTC_7 }], { items: [{ inviteeId: UID, rewardType: 1, issuedAt: UTC_7 }] }],
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
