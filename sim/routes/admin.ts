import { z } from 'zod';
import { asObject, readJson } from '../body.ts';
import type { Ctx } from '../ctx.ts';
import type { Route } from '../router.ts';
import { seedUsers } from '../seed.ts';

const seedSchema = z.object({
  count: z.int().min(1).max(1_000_000),
  emailPrefix: z.string().min(1).optional(),
  emailDomain: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  startIndex: z.int().nonnegative().optional(),
  paymentsPerUser: z.int().min(0).max(100).optional(),
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
    profile: rt.config.profile, llm: rt.config.llm, pressureMode: rt.config.pressureMode, users: s.users.length,
    sessions: s.sessions.size, sessionBytes: s.sessionBytes, guests: s.guests.size, blobs: s.blobs.size,
    refreshTokens: s.refreshTokens.size, stats: rt.stats,
    backends: Object.fromEntries(Object.values(rt.pools).map((p) => [p.name, { workers: p.workers, busy: p.busy, queued: p.queued, served: p.served }])),
    memory: process.memoryUsage(),
  });
}

function config(ctx: Ctx): void {
  const { jwtSecret: _secret, ...rest } = ctx.rt.config;
  ctx.json(200, rest);
}

export const adminRoutes: Route[] = [
  { method: 'POST', pattern: '/_sim/seed-users', handler: seed },
  { method: 'POST', pattern: '/_sim/reset', handler: reset },
  { method: 'GET', pattern: '/_sim/state', handler: state },
  { method: 'GET', pattern: '/_sim/config', handler: config },
];
