import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { cancelSubscriptionFlow } from '../../helpers/payment-flows.ts';
import { seedSubscriptions } from '../../helpers/seed/subscriptions.ts';

export const PAYMENT_CANCEL_SUBSCRIPTION = defineEndpoint({
  id: 'payment-cancel-subscription',
  route: 'POST /api/godgpt/payment/cancel-subscription',
  priority: 'P2',
  effects: ['payments'],
  targetRps: 5,
  slo: { ...JSON_SLO, latencyMs: { p95: 1500, p99: 3000 } },
  why: {
    targetRps: 'no QA script or report number exists for it (§18; the payment scripts ran at 2/s); 5/s is our assumption: half the checkout target, as only a subscriber can cancel',
    latencyMs: "the server cancels the subscription at Stripe (an outside HTTPS call) before it answers; bounded as blob upload's outside write",
  },
  sse: false,
  connections: 16,
  timeoutMs: 30_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in subscriber cancels one of their subscriptions',
      users: 'old users',
      build: async ({ api, pool, setup, iterations }) => {
        const users = await pool();
        const subscriptions = await seedSubscriptions(setup, users, iterations);
        return (ctx) => cancelSubscriptionFlow(ctx, api, users, subscriptions);
      },
    },
  ],
});
