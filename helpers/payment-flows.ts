import { SetupError, type IterationContext } from '../src/index.ts';
import type { TokenPool } from './auth/token-pool.ts';
import type { GodGptApi } from './client/api.ts';
import type { GodGptClient } from './client/godgpt-client.ts';
import { asUser } from './flows.ts';
import { productsSchema } from './schemas/payment.ts';
import { seededSubscriptionsSchema, seedSubscriptionsSpec, type OneUseSubscriptions } from './seed/subscriptions.ts';

/**
 * A logged-in user cancels one of their subscriptions, made before the run. When the prepared ones
 * are used up, the iteration makes one first through the simulator's seed route (unmeasured, as
 * delete's create-session), so a cancel is never sent for lack of a subscription.
 */
export async function cancelSubscriptionFlow(ctx: IterationContext, api: GodGptApi, pool: TokenPool, subscriptions: OneUseSubscriptions): Promise<void> {
  const prepared = subscriptions.take();
  if (prepared) {
    await asUser(ctx, pool, (t) => api.cancelSubscription(t, prepared.subscriptionId), prepared.user);
    return;
  }
  const user = pool.nextUser();
  const seeded = await ctx.request(seedSubscriptionsSpec(api.baseUrl, user.email, 1));
  const subscriptionId = seeded.outcome === 'ok' ? firstSubscription(seeded.body) : undefined;
  if (subscriptionId === undefined) return;
  await asUser(ctx, pool, (t) => api.cancelSubscription(t, subscriptionId), user);
}

function firstSubscription(body: string | undefined): string | undefined {
  try {
    const parsed = seededSubscriptionsSchema.safeParse(JSON.parse(body ?? ''));
    return parsed.success ? parsed.data.subscriptionIds[0] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The price a checkout is opened for: the first product `GET /api/godgpt/payment/products` lists
 * (set-up call, as the app reads the products before showing the paywall). Throws `SetupError`.
 */
export async function checkoutPriceId(client: GodGptClient, token: string): Promise<string> {
  const products = await client.setup.data(client.api.products(token), productsSchema, 'checkout: payment/products');
  const first = products[0];
  if (first === undefined) throw new SetupError('checkout: GET /api/godgpt/payment/products listed no product to check out');
  return first.priceId;
}
