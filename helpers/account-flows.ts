import { randomBytes } from 'node:crypto';
import type { IterationContext } from '../src/index.ts';
import type { TokenPool } from './auth/token-pool.ts';
import type { GodGptApi } from './client/api.ts';
import type { FreshUsers } from './auth/fresh-users.ts';
import { firstLogin } from './flows.ts';
import type { OneUseTokens } from './seed/one-use-tokens.ts';

/** The domain of the e-mails the suite makes up (the QA team's test accounts are `@teml.net`, §18). */
export const EMAIL_DOMAIN = 'teml.net';

/**
 * Addresses no one has registered: `perf-<12 random hex>-<n>@teml.net`, a fresh random part per
 * call (per scenario build, per generator process), so reruns against a long-lived target never
 * reuse one.
 */
export function uniqueEmails(): () => string {
  const tag = randomBytes(6).toString('hex');
  let n = 0;
  return () => `perf-${tag}-${++n}@${EMAIL_DOMAIN}`;
}

/**
 * A visitor types their e-mail on the sign-in / sign-up form: every other check asks for a
 * registered one (a pooled user's: `true`), the others for an address no one has (`false`).
 */
export function checkEmailFlow(api: GodGptApi, pool: TokenPool, emails: () => string): (ctx: IterationContext) => Promise<void> {
  let i = 0;
  return async (ctx) => {
    const email = i++ % 2 === 0 ? pool.nextUser().email : emails();
    await ctx.request(api.checkEmailRegistered(email));
  };
}

/**
 * A logged-in user logs out, with a token of its own: one made before the run for a user outside
 * the token pool; when those are used up, a login of its own first (unmeasured). Never a pooled
 * token, so no other scenario loses its login.
 */
export async function logoutFlow(ctx: IterationContext, api: GodGptApi, tokens: OneUseTokens, users: FreshUsers): Promise<void> {
  const token = tokens.take() ?? (await firstLogin(ctx, api, users));
  if (token !== undefined) await ctx.request(api.logout(token));
}

/**
 * A visitor signs up: an address no one has, one random password for the run (the accounts it makes
 * are never logged into), and `code`, the verification code the target takes (`registerCode`).
 */
export function registerFlow(api: GodGptApi, code: string): (ctx: IterationContext) => Promise<void> {
  const emails = uniqueEmails();
  const password = `Perf-${randomBytes(9).toString('base64url')}1!`;
  return async (ctx) => {
    await ctx.request(api.godgptRegister(emails(), password, code));
  };
}
