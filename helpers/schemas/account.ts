import { z } from 'zod';
import { guidSchema } from './common.ts';

/**
 * `GET /api/godgpt/account` and `POST /api/godgpt/voice/set` payload (the user profile: `gender,
 * birthDate` (zoneless, §20), `birthPlace, fullName, id, inviterId, voiceLanguage,
 * isFirstConversation, credits, subscription, ultimateSubscription`): the user's `id` is judged,
 * the profile fields may vary.
 */
export const accountSchema = z.looseObject({
  id: guidSchema,
});
export type Account = z.infer<typeof accountSchema>;
export const voiceSetSchema = accountSchema;

/** `PUT /api/godgpt/account` and `POST /api/godgpt/account/show-toast`: the user id. */
export const accountUpdateSchema = guidSchema;
/** `DELETE /api/godgpt/account`: the user id, or an empty result (deletes may answer `"20001"`, §20). */
export const accountDeleteSchema = guidSchema.nullable();
export const showToastSchema = guidSchema;

/** `GET /api/godgpt/can-upload-image` (`{canUpload, reason}`): `canUpload` gates an image chat. */
export const canUploadImageSchema = z.looseObject({
  canUpload: z.boolean(),
});

/** `GET /api/godgpt/query-version` (anonymous): a version string. */
export const queryVersionSchema = z.string();

/** `GET /api/profile/user-info` (`{uid, email?, avatar?, name?}`; `email` is omitted for Apple private-relay accounts). */
export const userInfoSchema = z.looseObject({
  uid: z.string().min(1),
});
export type UserInfo = z.infer<typeof userInfoSchema>;

/** `GET /api/query/user-id`: the caller's id from the token. */
export const userIdSchema = guidSchema;
