import { z } from 'zod';
import { SetupError, type RequestSpec } from '../../src/index.ts';
import type { PooledUser, TokenPool } from '../auth/token-pool.ts';
import type { GodGptClient } from '../client/godgpt-client.ts';
import { ScenarioSkip } from '../scenario-skip.ts';
import { boundedAll } from './sessions.ts';

/** A pooled user and one of their active subscriptions. */
export interface UserSubscription {
  user: PooledUser;
  subscriptionId: string;
}

/** What `POST /_sim/seed-subscriptions` answers. */
export const seededSubscriptionsSchema = z.object({ user: z.string(), subscriptionIds: z.array(z.string().min(1)) });

/** `POST /_sim/seed-subscriptions {user, count}` for `email` (set-up traffic: `measure: false`). */
export function seedSubscriptionsSpec(baseUrl: string, email: string, count: number): RequestSpec {
  return {
    name: 'seed-subscriptions',
    method: 'POST',
    url: `${baseUrl}/_sim/seed-subscriptions`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ user: email, count }),
    measure: false,
    captureBody: true,
  };
}

/**
 * Subscriptions that one request each uses up (a cancel), made for pooled users before the run and
 * handed out once each, users interleaved. When they run out (a run longer or faster than planned:
 * a capacity search), `take` answers `undefined` and the flow makes one of its own, unmeasured.
 */
export class OneUseSubscriptions {
  private taken = 0;
  /** Iterations that found none left. */
  shortfall = 0;
  constructor(private readonly list: readonly { index: number; subscriptionId: string }[], private readonly pool: Pick<TokenPool, 'user'>) {}

  get size(): number {
    return this.list.length;
  }

  /** Subscriptions not handed out yet. */
  get left(): number {
    return this.list.length - this.taken;
  }

  /** The next subscription with its user (the user's token is the pool's current one), or `undefined` when none is left. */
  take(): UserSubscription | undefined {
    if (this.taken >= this.list.length) {
      this.shortfall++;
      return undefined;
    }
    const { index, subscriptionId } = this.list[this.taken++]!;
    return { user: this.pool.user(index), subscriptionId };
  }
}

/** Why cancel-subscription cannot run against a target without the simulator's seed route. */
export const NO_SUBSCRIPTIONS_REASON =
  'cancel-subscription needs active subscriptions to cancel, and only the simulator makes them (POST /_sim/seed-subscriptions); on a deployment each is a real payment';

/** Answers of a target without the simulator's admin routes (a deployment, its gateway). */
const NOT_THERE = [401, 403, 404, 405];

/**
 * Gives the pooled users `count` active subscriptions in all through the simulator's
 * `POST /_sim/seed-subscriptions` (set-up traffic, never measured), users interleaved. A target
 * without that route (a deployment) is a `ScenarioSkip`: nothing is cancelled there. Throws
 * `SetupError` when more than 5% of the users could not be given theirs.
 */
export async function seedSubscriptions(client: GodGptClient, pool: TokenPool, count: number, concurrency = 8): Promise<OneUseSubscriptions> {
  const users = Math.max(1, Math.min(pool.size, count));
  const perUser = Math.ceil(count / users);
  const byUser: { index: number; ids: string[] }[] = [];
  const seedOne = async (i: number): Promise<'missing' | undefined> => {
    const user = pool.user(i);
    const res = await client.setup.send(seedSubscriptionsSpec(client.baseUrl, user.email, perUser));
    if (NOT_THERE.includes(res.status) && !res.body.includes('seed-subscriptions:')) return 'missing';
    const parsed = res.status === 200 ? seededSubscriptionsSchema.safeParse(safeJson(res.body)) : undefined;
    if (!parsed?.success) throw new SetupError(`subscription seeding: POST /_sim/seed-subscriptions answered HTTP ${res.status}: ${res.body.slice(0, 120)}`);
    byUser.push({ index: user.index, ids: parsed.data.subscriptionIds });
    return undefined;
  };
  // One request first: a target without the route hears no more than that.
  if ((await seedOne(0)) === 'missing') throw new ScenarioSkip(`${NO_SUBSCRIPTIONS_REASON}; ${hostOf(client.baseUrl)} has no such route`);
  const errors = await boundedAll(users - 1, concurrency, async (i) => {
    if ((await seedOne(i + 1)) === 'missing') throw new SetupError('subscription seeding: POST /_sim/seed-subscriptions is gone');
  });
  if (errors.length > users * 0.05) {
    throw new SetupError(`subscription seeding: seeded ${byUser.length} of ${users} users; first error: ${(errors[0] as Error)?.message ?? 'none'}`, { cause: errors[0] });
  }
  byUser.sort((a, b) => a.index - b.index);
  const list: { index: number; subscriptionId: string }[] = [];
  for (let round = 0; round < perUser; round++) {
    for (const { index, ids } of byUser) {
      const subscriptionId = ids[round];
      if (subscriptionId) list.push({ index, subscriptionId });
    }
  }
  return new OneUseSubscriptions(list, pool);
}

/** The target's host, never credentials a URL may hold. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the target';
  }
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
