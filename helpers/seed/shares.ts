import { SetupError } from '../../src/index.ts';
import type { TokenPool } from '../auth/token-pool.ts';
import type { GodGptClient } from '../client/godgpt-client.ts';
import { createSessionSchema, shareIdSchema } from '../schemas/session.ts';
import { boundedAll } from './sessions.ts';

/** Share strings made before the run, handed out round-robin (a shared link is read many times). */
export class ShareStrings {
  private cursor = 0;
  constructor(readonly list: readonly string[]) {}

  get size(): number {
    return this.list.length;
  }

  next(): string {
    return this.list[this.cursor++ % this.list.length]!;
  }
}

/**
 * Makes `count` shared conversations, one per pooled user (set-up traffic, never measured): a
 * session, one chat message and its answer (what a reader of the link gets back), then
 * `POST /api/godgpt/share`. Throws `SetupError` when more than 5% fail.
 */
export async function seedShares(client: GodGptClient, pool: TokenPool, count: number, content: string, concurrency = 8): Promise<ShareStrings> {
  const n = Math.max(1, Math.min(count, pool.size));
  const shares: string[] = [];
  const errors = await boundedAll(n, concurrency, async (i) => {
    const { token } = pool.user(i);
    const sessionId = await client.setup.data(client.api.createSession(token), createSessionSchema, 'share: create-session');
    const chat = await client.setup.send(client.api.chat(token, sessionId, content));
    if (chat.status !== 200) throw new SetupError(`share: POST /api/gotgpt/chat answered HTTP ${chat.status}`);
    shares.push(await client.setup.data(client.api.share(token, sessionId), shareIdSchema, 'share'));
  });
  if (shares.length === 0 || errors.length > n * 0.05) {
    throw new SetupError(`share seeding: made ${shares.length} of ${n} shares; first error: ${(errors[0] as Error)?.message ?? 'none'}`, { cause: errors[0] });
  }
  return new ShareStrings(shares);
}
