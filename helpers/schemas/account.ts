import { z } from 'zod';
import { dotnetDateSchema, guidSchema, paymentStatusSchema, planTypeSchema, voiceLanguageSchema } from './common.ts';

export const creditsInfoSchema = z.object({
  isInitialized: z.boolean(),
  credits: z.int(),
  shouldShowToast: z.boolean(),
});

export const subscriptionInfoSchema = z.object({
  isActive: z.boolean(),
  planType: planTypeSchema,
  status: paymentStatusSchema,
  startDate: dotnetDateSchema,
  endDate: dotnetDateSchema,
  subscriptionIds: z.array(z.string()),
  invoiceIds: z.array(z.string()),
});

/** `GET /api/godgpt/account` and `POST /api/godgpt/voice/set` payload (user profile). */
export const accountSchema = z.object({
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  birthPlace: z.string().nullable(),
  fullName: z.string().nullable(),
  id: guidSchema,
  inviterId: guidSchema.nullable().optional(),
  voiceLanguage: voiceLanguageSchema,
  isFirstConversation: z.boolean().nullable().optional(),
  credits: creditsInfoSchema,
  subscription: subscriptionInfoSchema,
  ultimateSubscription: subscriptionInfoSchema,
});
export type Account = z.infer<typeof accountSchema>;
export const voiceSetSchema = accountSchema;

/** `PUT /api/godgpt/account` and `POST /api/godgpt/account/show-toast`: the user id. */
export const accountUpdateSchema = guidSchema;
/** `DELETE /api/godgpt/account`: the user id, or an empty result (deletes may answer `"20001"`). */
export const accountDeleteSchema = guidSchema.nullable();
export const showToastSchema = guidSchema;

/** `GET /api/godgpt/can-upload-image`. */
export const canUploadImageSchema = z.object({
  canUpload: z.boolean(),
  reason: z.string().nullable(),
});

/** `GET /api/godgpt/query-version` (anonymous): a version string. */
export const queryVersionSchema = z.string().min(1);

/** `GET /api/profile/user-info`; `email` is omitted for Apple private-relay accounts. */
export const userInfoSchema = z.object({
  uid: guidSchema,
  email: z.string().optional(),
  avatar: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
});
export type UserInfo = z.infer<typeof userInfoSchema>;

/** `GET /api/query/user-id`: the caller's id from the token. */
export const userIdSchema = guidSchema;
