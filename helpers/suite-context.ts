import { randomBytes } from 'node:crypto';
import { ConfigError, type GeneratorIdentity, seedOf, thinkSampler, traceFromEnv } from '../src/index.ts';
import { TokenPool } from './auth/token-pool.ts';
import { arrayUserList, userList, type UserList } from './auth/users.ts';
import { GodGptClient } from './client/godgpt-client.ts';
import type { SuiteConfig } from './config.ts';
import type { ScenarioKit } from './endpoint.ts';
import { promptCycle } from './fixtures/prompts.ts';
import { suitePrompts } from './prompts-file.ts';
import { registerCode } from './register-code.ts';
import { FreshUsers } from './auth/fresh-users.ts';
import { iterationsNeeded, newUsersNeeded } from './new-users.ts';
import type { ResolvedEndpoint } from './resolve-endpoint.ts';
import { GuestIpPool } from './seed/guest-ips.ts';
import { seedUserSessions, type SessionBook } from './seed/sessions.ts';
import { seedSimUsers } from './seed/sim-users.ts';
import { harvestInviteCodes, type InviteCodes } from './seed/invite-codes.ts';
import { seedHeavyUser, type HeavyUser } from './seed/heavy-user.ts';
import { guestIpSlice } from './seed/guest-ips.ts';

/** The users of generator `index` of `count`: every `count`-th user from `index`, so that generator processes never share a login. */
export function generatorShare(users: UserList, generator: GeneratorIdentity): UserList {
  const { index, count } = generator;
  if (count <= 1) return users;
  return {
    size: Math.max(0, Math.ceil((users.size - index) / count)),
    at: (i) => users.at(index + i * count),
    describe: `${users.describe}, every ${count}th from #${index} (worker ${index}/${count})`,
  };
}

/**
 * What a perf file (or the CLI's capacity command) needs against one target, built lazily and
 * once: the client, the users, the token pool, seeded sessions, guest IPs. All set-up traffic
 * goes through the client's own agent, never through a measured run. In a run with several
 * generator processes (`PERF_WORKERS`) each builds its own, from its share of a users file or
 * range, with guest IPs and think-time draws of its own.
 */
export class SuiteContext {
  readonly config: SuiteConfig;
  readonly baseUrl: string;
  readonly generator: GeneratorIdentity;
  private clientInstance: GodGptClient | undefined;
  private usersPromise: Promise<UserList> | undefined;
  private poolPromise: Promise<TokenPool> | undefined;
  private sessionsPromise: Promise<SessionBook> | undefined;
  private guestPool: GuestIpPool | undefined;
  private invitePromise: Promise<InviteCodes> | undefined;
  private readyPool: TokenPool | undefined;
  private fresh: FreshUsers | undefined;
  private heavyPromise: Promise<HeavyUser> | undefined;

  /** The target is the simulator the suite started itself (not `BASE_URL`): what only it accepts may be sent. */
  readonly embedded: boolean;

  /** `options.embedded`: see `embedded`. @default false (a target of the user's) */
  constructor(config: SuiteConfig, baseUrl: string, generator: GeneratorIdentity = { index: 0, count: 1 }, options: { embedded?: boolean } = {}) {
    this.config = config;
    this.baseUrl = baseUrl;
    this.generator = generator;
    this.embedded = options.embedded ?? false;
  }

  get client(): GodGptClient {
    this.clientInstance ??= new GodGptClient({ baseUrl: this.baseUrl, authUrl: this.config.authUrl ?? this.baseUrl }, { connections: Math.max(8, this.config.loginConcurrency * 2), trace: traceFromEnv(process.env) });
    return this.clientInstance;
  }

  /** The ordered user list: the pool takes the first `PERF_POOL_SIZE`, new-user logins the rest. */
  users(): Promise<UserList> {
    this.usersPromise ??= (async () => {
      const src = this.config.users;
      if (src.kind !== 'sim-seed') return generatorShare(userList(src), this.generator);
      const count = this.config.poolSize;
      // A fresh prefix per process: reruns against a long-lived simulator never collide.
      const prefix = `perf${randomBytes(3).toString('hex')}u`;
      const users = await seedSimUsers(this.client.setup, this.baseUrl, { count, prefix, password: src.password });
      return arrayUserList(users, `${users.length} users seeded on ${this.baseUrl} (POST /_sim/seed-users)`);
    })();
    return this.usersPromise;
  }

  /** The token pool ("old users"), filled on first use. */
  pool(): Promise<TokenPool> {
    this.poolPromise ??= (async () => {
      const users = await this.users();
      const { index, count } = this.generator;
      const src = this.config.users;
      if (count > 1 && src.kind !== 'sim-seed' && users.size < this.config.poolSize) {
        const all = userList(src);
        throw new ConfigError(
          `PERF_WORKERS=${count} deals ${all.describe} out to ${count} workers: worker ${index}/${count} gets ${users.size}, and its token pool needs PERF_POOL_SIZE=${this.config.poolSize} (${count * this.config.poolSize} users in all); add users, lower PERF_POOL_SIZE or run fewer workers`,
        );
      }
      this.readyPool = await TokenPool.fill({
        issuer: this.client,
        users,
        size: this.config.poolSize,
        concurrency: this.config.loginConcurrency,
        maxFailureRatio: this.config.maxLoginFailureRatio,
      });
      return this.readyPool;
    })();
    return this.poolPromise;
  }

  /** One pre-created session per pooled user (chat, voice, session-info). */
  sessions(): Promise<SessionBook> {
    this.sessionsPromise ??= (async () => seedUserSessions(this.client, await this.pool(), { concurrency: this.config.loginConcurrency }))();
    return this.sessionsPromise;
  }

  /** Invite codes of some pooled users (invitation redeem). */
  inviteCodes(): Promise<InviteCodes> {
    this.invitePromise ??= (async () => harvestInviteCodes(this.client, await this.pool(), 20, this.config.loginConcurrency))();
    return this.invitePromise;
  }

  /**
   * One user outside the pool with ~4,000 sessions, seeded once before the run: against the
   * simulator a user of its own and `POST /_sim/seed-sessions`; against a deployment the last user
   * of the list (which must lie outside the pool), topped up through create-session.
   */
  heavyUser(): Promise<HeavyUser> {
    this.heavyPromise ??= (async () => {
      const src = this.config.users;
      if (src.kind === 'sim-seed') {
        const prefix = `perf${randomBytes(3).toString('hex')}h`;
        const [user] = await seedSimUsers(this.client.setup, this.baseUrl, { count: 1, prefix, password: src.password, paymentsPerUser: 0 });
        return seedHeavyUser(this.client, user!, { simulator: true });
      }
      // The last user of the whole list, the same one for every generator process.
      const users = userList(src);
      const pooled = this.config.poolSize * this.generator.count;
      if (users.size <= pooled) {
        const per = this.generator.count > 1 ? ` (${this.generator.count} workers × PERF_POOL_SIZE=${this.config.poolSize})` : ` and the pool takes PERF_POOL_SIZE=${this.config.poolSize}`;
        throw new ConfigError(`the heavy-user scenario needs a user outside the pool: ${users.describe} holds ${users.size}${per}`);
      }
      return seedHeavyUser(this.client, users.at(users.size - 1), { concurrency: this.config.loginConcurrency });
    })();
    return this.heavyPromise;
  }

  /** Guest IPs (`X-Forwarded-For`), at most `PERF_GUEST_CHATS_PER_IP` chats each. */
  get guests(): GuestIpPool {
    this.guestPool ??= new GuestIpPool({ chatsPerIp: this.config.guestChatsPerIp, ...guestIpSlice(this.generator) });
    return this.guestPool;
  }

  /** Users that are not in the pool, for logins during the run ("new users"); each is handed out once while they last. */
  async freshUsers(needed: number): Promise<FreshUsers> {
    if (this.fresh) return this.fresh;
    const src = this.config.users;
    if (src.kind === 'sim-seed') {
      // Their own batch, seeded now: never logged in before, whatever the pool did.
      const prefix = `perf${randomBytes(3).toString('hex')}n`;
      const users = await seedSimUsers(this.client.setup, this.baseUrl, { count: needed, prefix, password: src.password, paymentsPerUser: 0, newUsers: true });
      this.fresh = new FreshUsers(arrayUserList(users, `${users.length} new users seeded on ${this.baseUrl} (POST /_sim/seed-users)`), 0);
      return this.fresh;
    }
    const users = await this.users();
    const fresh = new FreshUsers(users, this.config.poolSize);
    if (fresh.available === 0) {
      throw new ConfigError(`no users left for new-user logins: ${users.describe} holds ${users.size} and the pool takes PERF_POOL_SIZE=${this.config.poolSize}`);
    }
    this.fresh = fresh;
    return fresh;
  }

  /** What `endpoint`'s scenarios are built from; set-up happens on first use of each part. */
  kit(endpoint: ResolvedEndpoint): ScenarioKit {
    return {
      api: this.client.api,
      pool: () => this.pool(),
      sessions: () => this.sessions(),
      inviteCodes: () => this.inviteCodes(),
      heavyUser: () => this.heavyUser(),
      guests: this.guests,
      newUsers: () => this.freshUsers(newUsersNeeded(endpoint)),
      setup: this.client,
      iterations: iterationsNeeded(endpoint),
      registerCode: () => registerCode(this.config, this.embedded),
      prompt: promptCycle(suitePrompts(this.config.promptsFile).map((p) => p.content)),
      think: thinkSampler(endpoint.think, seedOf(this.generator.count > 1 ? `${endpoint.id}#${this.generator.index}` : endpoint.id)),
    };
  }

  /** What set-up did so far, for `summary.extra` (counts only, no secrets). */
  stats(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.readyPool) out.tokenPool = this.readyPool.report();
    if (this.fresh) out.newUsers = { available: this.fresh.available, repeats: this.fresh.repeats };
    if (this.guestPool) out.guestIps = this.guestPool.minted;
    return out;
  }

  /** Stops refresh timers and closes connections; safe to call twice. */
  async close(): Promise<void> {
    const pool = this.poolPromise;
    this.poolPromise = undefined;
    if (pool) await pool.then((p) => p.close(), () => undefined);
    this.readyPool = undefined;
    await this.clientInstance?.close();
    this.clientInstance = undefined;
  }
}
