import { SetupError } from '../../src/index.ts';
import type { PooledUser, TokenPool } from '../auth/token-pool.ts';
import type { GodGptClient } from '../client/godgpt-client.ts';
import type { GuestIpPool } from './guest-ips.ts';

/** Runs `task` for 0..count-1 with at most `concurrency` in flight; collects failures instead of stopping at the first. */
export async function boundedAll(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<unknown[]> {
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      try {
        await task(i);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  return errors;
}

/** A pooled user and one of their sessions. */
export interface UserSession {
  user: PooledUser;
  sessionId: string;
}

/** Sessions pre-created for pooled users (outside any measured run), handed out round-robin. */
export class SessionBook {
  private cursor = 0;
  constructor(private readonly pairs: { index: number; sessionId: string }[], private readonly pool: TokenPool) {}

  get size(): number {
    return this.pairs.length;
  }

  /** The next (user, session) pair; the user's token is the pool's current one. */
  next(): UserSession {
    const p = this.pairs[this.cursor]!;
    this.cursor = (this.cursor + 1) % this.pairs.length;
    return { user: this.pool.user(p.index), sessionId: p.sessionId };
  }
}

export interface SeedSessionsOptions {
  /** Sessions per pooled user. @default 1 */
  perUser?: number;
  /** Parallel create-session calls. @default 8 */
  concurrency?: number;
  /** Users to seed (the first of the pool). @default the whole pool */
  users?: number;
}

/**
 * Creates sessions for pooled users through `POST /api/godgpt/create-session` (set-up traffic,
 * never measured). Throws `SetupError` with the first failure when more than 5% fail.
 */
export async function seedUserSessions(client: GodGptClient, pool: TokenPool, options: SeedSessionsOptions = {}): Promise<SessionBook> {
  const perUser = options.perUser ?? 1;
  const users = Math.min(options.users ?? pool.size, pool.size);
  const total = users * perUser;
  const pairs: { index: number; sessionId: string }[] = [];
  const errors = await boundedAll(total, options.concurrency ?? 8, async (i) => {
    const user = pool.user(i % users);
    const sessionId = await client.createSession(user.token);
    pairs.push({ index: user.index, sessionId });
  });
  if (pairs.length === 0 || errors.length > total * 0.05) {
    throw new SetupError(`session seeding: created ${pairs.length} of ${total} sessions; first error: ${(errors[0] as Error)?.message ?? 'none'}`, { cause: errors[0] });
  }
  // Interleave users so consecutive picks hit different users (quotas are per user).
  pairs.sort((a, b) => a.index - b.index);
  const byUser = new Map<number, string[]>();
  for (const p of pairs) byUser.set(p.index, [...(byUser.get(p.index) ?? []), p.sessionId]);
  const interleaved: { index: number; sessionId: string }[] = [];
  for (let round = 0; round < perUser; round++) {
    for (const [index, ids] of byUser) {
      const sessionId = ids[round];
      if (sessionId) interleaved.push({ index, sessionId });
    }
  }
  return new SessionBook(interleaved, pool);
}

/**
 * Creates guest sessions for `count` fresh simulated client IPs (one `X-Forwarded-For` each)
 * and returns the IPs. Throws `SetupError` when more than 5% fail.
 */
export async function seedGuestSessions(client: GodGptClient, ips: GuestIpPool, count: number, concurrency = 8): Promise<string[]> {
  const seeded: string[] = [];
  const errors = await boundedAll(count, concurrency, async () => {
    const ip = ips.fresh();
    const limits = await client.guestCreateSession(ip);
    if (limits.remainingChats <= 0) throw new SetupError(`guest ${ip} has no chats left (${limits.remainingChats}/${limits.totalAllowed})`);
    seeded.push(ip);
  });
  if (seeded.length === 0 || errors.length > count * 0.05) {
    throw new SetupError(`guest session seeding: created ${seeded.length} of ${count}; first error: ${(errors[0] as Error)?.message ?? 'none'}`, { cause: errors[0] });
  }
  return seeded;
}
