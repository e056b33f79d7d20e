import { actingUser, mvc } from '../mvc.ts';
import { dotnetDate } from '../rng.ts';
import type { Route } from '../router.ts';

/** `rewardTiers` as the real API returns them (§20, AA-real): invites needed and credits of each tier. */
const TIERS: readonly [number, number][] = [[1, 30], [4, 100], [7, 100], [10, 100], [13, 100], [16, 100]];

/** `POST /api/godgpt/invitation/redeem`: `isValid:false` for unknown, own, ineligible or already redeemed. */
const redeem = mvc('invitationRedeem', (ctx, { claims, body }) => {
  const { config, state } = ctx.rt;
  ctx.rt.burnCpu(config.faults.redeemCpuMs);
  const code = body['inviteCode'];
  if (typeof code !== 'string' || code === '') return ctx.invalid({ member: 'InviteCode', message: 'The InviteCode field is required.' });
  if (code.length > 20) return ctx.invalid({ member: 'InviteCode', message: 'The field InviteCode must be a string with a maximum length of 20.' });
  const user = actingUser(ctx, claims!, body);
  const inviter = state.usersByInvite.get(code);
  const now = Date.now();
  const eligible = !user.redeemed && now - user.createdMs <= config.inviteeEligibleMs;
  if (!inviter || inviter.id === user.id || !eligible) return ctx.ok({ isValid: false });
  user.redeemed = true;
  user.inviterId = inviter.id;
  inviter.totalInvites++;
  inviter.validInvites++;
  inviter.credits += config.inviteRewardCredits;
  inviter.creditsEarned += config.inviteRewardCredits;
  inviter.creditsHistory.push({ inviteeId: user.id, credits: config.inviteRewardCredits, rewardType: 0, issuedAt: dotnetDate(now) });
  ctx.ok({ isValid: true });
}, { body: true });

const info = mvc('invitationInfo', (ctx, { claims }) => {
  const user = actingUser(ctx, claims!, {});
  ctx.ok({
    inviteCode: user.inviteCode, totalInvites: user.totalInvites, validInvites: user.validInvites, totalCreditsEarned: user.creditsEarned,
    rewardTiers: TIERS.map(([n, credits]) => ({ inviteCount: n, credits, isCompleted: user.validInvites >= n })),
    totalCreditsFromX: 0, isBound: user.inviterId !== null,
  });
});

/** `GET credits/history`: a paged object `{items, totalCount, pageNo, pageSize}` (§20, GG `PagedResultDto<RewardHistoryDto>`). */
const creditsHistory = mvc('creditsHistory', (ctx, { claims }) => {
  const int = (name: string, fallback: number) => Number.parseInt(ctx.query.get(name) ?? '', 10) || fallback;
  const pageNo = Math.max(1, int('pageNo', 1));
  const pageSize = Math.min(100, Math.max(1, int('pageSize', 10)));
  const all = actingUser(ctx, claims!, {}).creditsHistory;
  ctx.ok({ items: all.slice((pageNo - 1) * pageSize, pageNo * pageSize), totalCount: all.length, pageNo, pageSize });
});

export const invitationRoutes: Route[] = [
  { method: 'POST', pattern: '/api/godgpt/invitation/redeem', handler: redeem },
  { method: 'GET', pattern: '/api/godgpt/invitation/info', handler: info },
  { method: 'GET', pattern: '/api/godgpt/invitation/credits/history', handler: creditsHistory },
];
