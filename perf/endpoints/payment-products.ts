import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { userRequest } from '../../helpers/flows.ts';

export const PAYMENT_PRODUCTS = defineEndpoint({
  id: 'payment-products',
  route: 'GET /api/godgpt/payment/products',
  priority: 'P1',
  effects: [],
  targetRps: 300,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: {
    targetRps: 'not in the report (its k6 script ran at 1/s): the plans page reads it beside has-apple-subscription, so the same 300/s',
    latencyMs: 'a read of the configured plan catalogue',
  },
  sse: false,
  connections: 64,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user opens the plans page and lists the products',
      users: 'old users',
      build: userRequest((api, token) => api.products(token)),
    },
  ],
});
