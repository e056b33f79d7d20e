import { z } from 'zod';
import { asObject, readJson } from '../body.ts';
import type { Ctx } from '../ctx.ts';
import type { Route } from '../router.ts';
import { guid } from '../rng.ts';
import { seedUsers } from '../seed.ts';

const seedSchema = z.object({
  count: z.int().min(1).max(1_000_000),
  emailPrefix: z.string().min(1).optional(),
  emailDomain: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  startIndex: z.int().nonnegative().optional(),
  paymentsPerUser: z.int().min(0).max(100).optional(),
  /** Users who never used the service (their first call initialises them). @default false */
  newUsers: z.boolean().optional(),
  /** Return the users (id, email, inviteCode). @default true */
  details: z.boolean().optional(),
});

async function seed(ctx: Ctx): Promise<void> {
  const r = await readJson(ctx, 1024 * 1024, () => ctx.text(413, 'Request body too large.'));
  if (r === null) return;
  const parsed = seedSchema.safeParse(r.ok ? asObject(r.value) : undefined);
  if (!parsed.success) return ctx.json(400, { error: `seed-users: ${z.prettifyError(parsed.error)}` });
  const started = performance.now();
  const { created, users } = seedUsers(ctx.rt, parsed.data);
  ctx.json(200, {
    count: users.length, created, password: parsed.data.password ?? ctx.rt.config.seedPassword, durationMs: Math.round(performance.now() - started),
    ...(parsed.data.details === false ? {} : { users }),
  });
}

function reset(ctx: Ctx): void {
  ctx.rt.state.reset();
  ctx.json(200, { ok: true });
}

function state(ctx: Ctx): void {
  const { rt } = ctx;
  const s = rt.state;
  ctx.json(200, {
    profile: rt.config.profile, llm: rt.config.llm, llmUpstream: rt.llmSource.stats, pressureMode: rt.config.pressureMode, users: s.users.length,
    sessions: s.sessions.size, sessionBytes: s.sessionBytes, guests: s.guests.size, blobs: s.blobs.size,
    refreshTokens: s.refreshTokens.size, stats: rt.stats,
    backends: Object.fromEntries(Object.values(rt.pools).map((p) => [p.name, { workers: p.workers, busy: p.busy, queued: p.queued, served: p.served }])),
    memory: process.memoryUsage(),
  });
}

function config(ctx: Ctx): void {
  const c = ctx.rt.config;
  ctx.json(200, c.llmEndpoint?.apiKey ? { ...c, llmEndpoint: { ...c.llmEndpoint, apiKey: '***' } } : c);
}

const seedSessionsSchema = z.object({
  /** The owner: a user id or a registered email. */
  user: z.string().min(1),
  count: z.int().min(1).max(100_000),
  /** Share of sessions with a title (the capture: 306 of 3,943). @default 0.08 */
  titledRatio: z.number().min(0).max(1).optional(),
});

/**
 * `POST /_sim/seed-sessions {user, count, titledRatio?}`: gives a user `count` more sessions at
 * once (a heavy user, like the capture's 3,943), created a second apart in the past, cold.
 */
async function seedSessions(ctx: Ctx): Promise<void> {
  const r = await readJson(ctx, 64 * 1024, () => ctx.text(413, 'Request body too large.'));
  if (r === null) return;
  const parsed = seedSessionsSchema.safeParse(r.ok ? asObject(r.value) : undefined);
  if (!parsed.success) return ctx.json(400, { error: `seed-sessions: ${z.prettifyError(parsed.error)}` });
  const { state } = ctx.rt;
  const { user: who, count, titledRatio = 0.08 } = parsed.data;
  const user = state.usersById.get(who.toLowerCase()) ?? state.usersByEmail.get(who.toUpperCase());
  if (!user) return ctx.json(404, { error: `seed-sessions: no user ${who}` });
  const ids = state.seedSessions(user.id, count, titledRatio, Date.now());
  ctx.json(200, { user: user.id, count: ids, total: state.sessionCountOf(user.id) });
}

const seedSubscriptionsSchema = z.object({
  /** The subscriber: a user id or a registered email. */
  user: z.string().min(1),
  count: z.int().min(1).max(100_000),
});

/**
 * `POST /_sim/seed-subscriptions {user, count}`: gives a user `count` active subscriptions (Stripe-like
 * `sub_…` ids) that `payment/cancel-subscription` cancels one each; a real one is a payment.
 */
async function seedSubscriptions(ctx: Ctx): Promise<void> {
  const r = await readJson(ctx, 64 * 1024, () => ctx.text(413, 'Request body too large.'));
  if (r === null) return;
  const parsed = seedSubscriptionsSchema.safeParse(r.ok ? asObject(r.value) : undefined);
  if (!parsed.success) return ctx.json(400, { error: `seed-subscriptions: ${z.prettifyError(parsed.error)}` });
  const { state, rand } = ctx.rt;
  const { user: who, count } = parsed.data;
  const user = state.usersById.get(who.toLowerCase()) ?? state.usersByEmail.get(who.toUpperCase());
  if (!user) return ctx.json(404, { error: `seed-subscriptions: no user ${who}` });
  const subscriptionIds = Array.from({ length: count }, () => `sub_sim_${guid(rand).replace(/-/g, '')}`);
  for (const id of subscriptionIds) user.subscriptionIds.add(id);
  user.subscriber = true;
  ctx.json(200, { user: user.id, subscriptionIds });
}

export const adminRoutes: Route[] = [
  { method: 'POST', pattern: '/_sim/seed-users', handler: seed },
  { method: 'POST', pattern: '/_sim/reset', handler: reset },
  { method: 'POST', pattern: '/_sim/seed-sessions', handler: seedSessions },
  { method: 'POST', pattern: '/_sim/seed-subscriptions', handler: seedSubscriptions },
  { method: 'GET', pattern: '/_sim/state', handler: state },
  { method: 'GET', pattern: '/_sim/config', handler: config },
];
