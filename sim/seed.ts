import { fakePayment } from './routes/payment.ts';
import type { SimRuntime } from './runtime.ts';

export interface SeedOptions {
  count: number;
  emailPrefix?: string;
  emailDomain?: string;
  password?: string;
  /** First index of `<prefix><n>@<domain>`. @default 1 */
  startIndex?: number;
  /** Completed payments per new user (for `payment/list`). @default 0 */
  paymentsPerUser?: number;
  /**
   * Users who never used the service: not initialised, so their first authenticated call pays the
   * new-user activation (`newUserInitMs`, `newUserInitCpuMs`). @default false
   */
  newUsers?: boolean;
}

export interface SeededUser { id: string; email: string; inviteCode: string }

/** Creates (or finds) `count` users with a shared password; the password is hashed once. */
export function seedUsers(rt: SimRuntime, o: SeedOptions): { created: number; users: SeededUser[] } {
  const { config, state } = rt;
  const prefix = o.emailPrefix ?? config.seedEmailPrefix;
  const domain = o.emailDomain ?? config.seedEmailDomain;
  const password = o.password ?? config.seedPassword;
  const start = o.startIndex ?? 1;
  const now = Date.now();
  const users: SeededUser[] = [];
  let created = 0;
  for (let i = 0; i < o.count; i++) {
    const email = `${prefix}${start + i}@${domain}`;
    let u = state.usersByEmail.get(email.toUpperCase());
    if (!u) {
      u = state.createUser(email, password, now);
      if (o.newUsers) u.creditsInitialized = false;
      for (let p = 0; p < (o.paymentsPerUser ?? 0); p++) u.payments.push(fakePayment(u, rt.rand, now - (p + 1) * 86_400_000));
      created++;
    }
    users.push({ id: u.id, email, inviteCode: u.inviteCode });
  }
  return { created, users };
}
