import { SetupError } from '../../src/index.ts';
import type { TokenPool } from '../auth/token-pool.ts';
import type { GodGptClient } from '../client/godgpt-client.ts';
import { boundedAll } from './sessions.ts';

/** Invite codes of some pooled users, harvested through `GET /api/godgpt/invitation/info` before load (as the QA team did). */
export class InviteCodes {
  private cursor = 0;
  constructor(private readonly codes: { index: number; code: string }[]) {}

  get size(): number {
    return this.codes.length;
  }

  /** A code, round-robin, that does not belong to the pooled user in slot `index` (redeeming one's own code is refused). */
  otherThan(index: number): string {
    for (let tries = 0; tries < this.codes.length; tries++) {
      const c = this.codes[this.cursor++ % this.codes.length]!;
      if (c.index !== index) return c.code;
    }
    return this.codes[0]!.code;
  }
}

/** Reads the invite codes of the first `count` pooled users (set-up traffic). */
export async function harvestInviteCodes(client: GodGptClient, pool: TokenPool, count = 20, concurrency = 8): Promise<InviteCodes> {
  const n = Math.min(count, pool.size);
  const codes: { index: number; code: string }[] = [];
  const errors = await boundedAll(n, concurrency, async (i) => {
    const user = pool.user(i);
    const info = await client.invitationInfo(user.token);
    codes.push({ index: user.index, code: info.inviteCode });
  });
  if (codes.length < Math.min(2, n)) {
    throw new SetupError(`invite codes: read ${codes.length} of ${n}; first error: ${(errors[0] as Error)?.message ?? 'none'}`, { cause: errors[0] });
  }
  return new InviteCodes(codes);
}
