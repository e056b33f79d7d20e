export { guidSchema, ZERO_GUID, DOTNET_DATE_RE, MIN_DOTNET_DATE, dotnetDateSchema, planTypeSchema, paymentStatusSchema, voiceLanguageSchema } from './common.ts';
export { SUCCESS_CODE, ERROR_CODE, VALIDATION_CODE, EMPTY_RESULT_CODE, envelope, errorEnvelopeSchema, emptyResultEnvelopeSchema, validationErrorSchema } from './envelope.ts';
export type { ErrorEnvelope } from './envelope.ts';
export {
  SSE_ERROR_CODES,
  SERIAL_NUMBERS,
  VOICE_CONTENT_TYPES,
  SSE_CHUNK_KEYS,
  SSE_COMPLETED_LINE,
  audioMetadataSchema,
  sseChunkSchema,
} from './sse.ts';
export type { AudioMetadata, SseChunk } from './sse.ts';
export {
  tokenResponseSchema,
  openIddictErrorSchema,
  registeredUserSchema,
  checkEmailRegisteredSchema,
  sendRegisterCodeSchema,
  logoutSchema,
} from './auth.ts';
export type { TokenResponse, OpenIddictError } from './auth.ts';
export { guestLimitsSchema, guestCreateSessionSchema } from './guest.ts';
export type { GuestLimits } from './guest.ts';
export {
  createSessionSchema,
  sessionListItemSchema,
  sessionListSchema,
  sessionSearchSchema,
  sessionInfoSchema,
  CHAT_ROLES,
  chatMessageSchema,
  chatHistorySchema,
  shareMessagesSchema,
  deleteSessionSchema,
  renameSessionSchema,
  shareIdSchema,
  shareKeywordSchema,
} from './session.ts';
export type { SessionListItem, SessionInfo, ChatMessage } from './session.ts';
export {
  accountSchema,
  voiceSetSchema,
  accountUpdateSchema,
  accountDeleteSchema,
  showToastSchema,
  canUploadImageSchema,
  queryVersionSchema,
  userInfoSchema,
  userIdSchema,
} from './account.ts';
export type { Account, UserInfo } from './account.ts';
export {
  paymentItemSchema,
  paymentListSchema,
  productSchema,
  productsSchema,
  iapProductsSchema,
  paymentKeysSchema,
  hasActiveSubscriptionSchema,
  hasAppleSubscriptionSchema,
  checkoutSessionSchema,
  verifyReceiptSchema,
  cancelSubscriptionSchema,
} from './payment.ts';
export type { PaymentItem } from './payment.ts';
export {
  redeemSchema,
  invitationInfoSchema,
  creditsHistoryItemSchema,
  creditsHistoryPageSchema,
  creditsHistorySchema,
} from './invitation.ts';
export type { InvitationInfo } from './invitation.ts';
export { blobNameSchema, blobDeleteSchema } from './blob.ts';
