import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { asUser, perToken } from '../../helpers/flows.ts';
import { checkoutPriceId } from '../../helpers/payment-flows.ts';

export const PAYMENT_CHECKOUT_SESSION = defineEndpoint({
  id: 'payment-checkout-session',
  route: 'POST /api/godgpt/payment/create-checkout-session',
  priority: 'P2',
  effects: ['payments'],
  targetRps: 10,
  slo: { ...JSON_SLO, latencyMs: { p95: 1500, p99: 3000 } },
  why: {
    targetRps: 'no QA script or report number exists for it (§18; the payment scripts ran at 2/s); 10/s is our assumption: a checkout opens when a user picks a plan, far rarer than the plans page (products)',
    latencyMs: "the server creates a Stripe checkout session (an outside HTTPS call) before it answers; bounded as blob upload's outside write",
  },
  sse: false,
  connections: 16,
  timeoutMs: 30_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user picks a plan and opens a Stripe checkout for it',
      users: 'old users',
      build: async ({ api, pool, setup }) => {
        const users = await pool();
        const priceId = await checkoutPriceId(setup, users.user(0).token);
        const spec = perToken((token) => api.createCheckoutSession(token, priceId));
        return (ctx) => asUser(ctx, users, spec);
      },
    },
  ],
});
