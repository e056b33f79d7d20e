import type { TokenPool } from '../auth/token-pool.ts';
import type { GodGptClient } from '../client/godgpt-client.ts';
import { seedUserSessions, type SessionBook, type UserSession } from './sessions.ts';

/**
 * Sessions that one request each uses up (a delete), made for pooled users before the run and
 * handed out once each, users interleaved. When they run out (a run longer or faster than planned:
 * a capacity search), `take` answers `undefined` and the flow makes its own, unmeasured.
 */
export class OneUseSessions {
  private taken = 0;
  /** Iterations that found none left. */
  shortfall = 0;
  constructor(private readonly book: SessionBook) {}

  get size(): number {
    return this.book.size;
  }

  /** Sessions not handed out yet. */
  get left(): number {
    return this.book.size - this.taken;
  }

  take(): UserSession | undefined {
    if (this.taken >= this.book.size) {
      this.shortfall++;
      return undefined;
    }
    this.taken++;
    return this.book.next();
  }
}

/**
 * Creates `count` sessions spread over the pooled users through `POST /api/godgpt/create-session`
 * (set-up traffic, never measured). Throws `SetupError` when more than 5% fail.
 */
export async function seedOneUseSessions(client: GodGptClient, pool: TokenPool, count: number, concurrency = 8): Promise<OneUseSessions> {
  const users = Math.max(1, Math.min(pool.size, count));
  const book = await seedUserSessions(client, pool, { perUser: Math.ceil(count / users), users, concurrency });
  return new OneUseSessions(book);
}
