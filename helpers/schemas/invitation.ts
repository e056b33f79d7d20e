import { z } from 'zod';

/** `POST /api/godgpt/invitation/redeem`. */
export const redeemSchema = z.looseObject({ isValid: z.boolean() });

/**
 * `GET /api/godgpt/invitation/info` (`{inviteCode, totalInvites, validInvites, totalCreditsEarned,
 * rewardTiers, totalCreditsFromX, isBound}`): `inviteCode` is what a later redeem uses (real codes
 * are 7 mixed-case characters, §20); the counters and tiers may vary.
 */
export const invitationInfoSchema = z.looseObject({
  inviteCode: z.string().min(1),
});
export type InvitationInfo = z.infer<typeof invitationInfoSchema>;

/** One item of `credits/history` (GG `RewardHistoryDto`: `{inviteeId, credits, rewardType, issuedAt}`; no gate reads it). */
export const creditsHistoryItemSchema = z.looseObject({});
/**
 * `GET /api/godgpt/invitation/credits/history`: a paged object `{items, totalCount, pageNo, pageSize}`
 * (GG `PagedResultDto<RewardHistoryDto>`, §20; AA reads `data.items`): the framing is judged.
 */
export const creditsHistoryPageSchema = z.looseObject({
  items: z.array(creditsHistoryItemSchema),
});
export const creditsHistorySchema = creditsHistoryPageSchema;
