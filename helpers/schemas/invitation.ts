import { z } from 'zod';
import { dotnetDateSchema } from './common.ts';

/** `POST /api/godgpt/invitation/redeem`. */
export const redeemSchema = z.object({ isValid: z.boolean() });

/** A reward tier of `invitation/info` (shape not documented: extra fields allowed). */
export const rewardTierSchema = z.looseObject({
  inviteCount: z.int(),
  credits: z.int(),
  isCompleted: z.boolean(),
});

/** `GET /api/godgpt/invitation/info`. */
export const invitationInfoSchema = z.object({
  inviteCode: z.string().min(1),
  totalInvites: z.int(),
  validInvites: z.int(),
  totalCreditsEarned: z.int(),
  rewardTiers: z.array(rewardTierSchema),
  totalCreditsFromX: z.int(),
  isBound: z.boolean(),
});
export type InvitationInfo = z.infer<typeof invitationInfoSchema>;

/** One item of `GET /api/godgpt/invitation/credits/history` as the simulator writes it (shape not documented). */
export const creditsHistoryItemSchema = z.looseObject({
  credits: z.int(),
  reason: z.string(),
  createdAt: dotnetDateSchema,
});
/** The paged shape AA reads, `data.items[]` with `inviteeId`, `rewardType`, `issuedAt` (§20, unverified). */
export const creditsHistoryPageSchema = z.looseObject({
  items: z.array(z.looseObject({ inviteeId: z.string().nullable().optional(), rewardType: z.unknown().optional(), issuedAt: dotnetDateSchema.optional() })),
});
/** Either shape (§20 marks the paged one unverified). */
export const creditsHistorySchema = z.union([z.array(creditsHistoryItemSchema), creditsHistoryPageSchema]);
