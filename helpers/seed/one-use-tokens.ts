import { SetupError } from '../../src/index.ts';
import type { GodGptClient } from '../client/godgpt-client.ts';
import type { FreshUsers } from '../auth/fresh-users.ts';
import { boundedAll } from './sessions.ts';

/**
 * Access tokens that one request each ends (a logout): each from a login of its own, made before
 * the run for users outside the token pool, and handed out once. When they run out (a run longer
 * or faster than planned: a capacity search), `take` answers `undefined` and the flow logs in
 * itself, unmeasured.
 */
export class OneUseTokens {
  private taken = 0;
  /** Iterations that found none left. */
  shortfall = 0;
  constructor(private readonly tokens: readonly string[]) {}

  get size(): number {
    return this.tokens.length;
  }

  /** Tokens not handed out yet. */
  get left(): number {
    return this.tokens.length - this.taken;
  }

  take(): string | undefined {
    if (this.taken >= this.tokens.length) {
      this.shortfall++;
      return undefined;
    }
    return this.tokens[this.taken++];
  }
}

/**
 * Logs `count` of `users` in (the next ones, each a login of its own; set-up traffic, never
 * measured) and returns their tokens. Throws `SetupError` with the first failure's reason when
 * more than 5% fail; never with a password or a token.
 */
export async function loginOneUseTokens(client: GodGptClient, users: FreshUsers, count: number, concurrency = 8): Promise<OneUseTokens> {
  const tokens: string[] = [];
  const errors = await boundedAll(count, concurrency, async () => {
    const u = users.next();
    tokens.push((await client.login(u.email, u.password)).access_token);
  });
  if (errors.length > count * 0.05) {
    throw new SetupError(`one-use logins: ${errors.length} of ${count} failed; first: ${(errors[0] as Error).message}`, { cause: errors[0] });
  }
  return new OneUseTokens(tokens);
}
