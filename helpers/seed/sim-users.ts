import { z } from 'zod';
import { SetupError } from '../../src/index.ts';
import type { UserCredential } from '../auth/users.ts';
import type { SetupClient } from '../client/setup-client.ts';

export interface SimSeedOptions {
  count: number;
  /** Email prefix; users are `<prefix><n>@teml.net`. */
  prefix: string;
  password: string;
  /** Completed payments per user, so `payment/list` has items. @default 2 */
  paymentsPerUser?: number;
  /** Users who never used the service: their first authenticated call initialises them. @default false */
  newUsers?: boolean;
}

const seedResponseSchema = z.looseObject({
  emails: z.array(z.string()).optional(),
  users: z.array(z.looseObject({ email: z.string() })).optional(),
  created: z.int().optional(),
});

/**
 * Creates `count` users on the simulator through its admin route `POST /_sim/seed-users`
 * (set-up traffic, never measured) and returns their logins.
 */
export async function seedSimUsers(http: SetupClient, baseUrl: string, options: SimSeedOptions): Promise<UserCredential[]> {
  const spec = {
    method: 'POST',
    url: `${baseUrl}/_sim/seed-users`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ count: options.count, emailPrefix: options.prefix, emailDomain: 'teml.net', password: options.password, paymentsPerUser: options.paymentsPerUser ?? 2, ...(options.newUsers ? { newUsers: true } : {}), details: true }),
    timeoutMs: 120_000,
  };
  const res = await http.send(spec);
  if (res.status === 404) throw new SetupError(`user seeding: ${baseUrl} has no /_sim/seed-users route; against a real target set PERF_USERS_FILE or PERF_USER_EMAIL_PREFIX/PERF_USER_RANGE/PERF_USER_PASSWORD`);
  if (res.status < 200 || res.status > 299) throw new SetupError(`user seeding: POST /_sim/seed-users answered HTTP ${res.status}: ${res.body.slice(0, 200)}`);
  let json: unknown = {};
  try {
    json = JSON.parse(res.body);
  } catch {
    /* an empty 2xx is fine */
  }
  const parsed = seedResponseSchema.safeParse((json as { data?: unknown })?.data ?? json);
  const emails = parsed.success ? (parsed.data.emails ?? parsed.data.users?.map((u) => u.email)) : undefined;
  if (emails && emails.length > 0) return emails.map((email) => ({ email, password: options.password }));
  return Array.from({ length: options.count }, (_, i) => ({ email: `${options.prefix}${i + 1}@teml.net`, password: options.password }));
}
