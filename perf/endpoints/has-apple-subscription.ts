import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { userRequest } from '../../helpers/flows.ts';

export const HAS_APPLE_SUBSCRIPTION = defineEndpoint({
  id: 'has-apple-subscription',
  route: 'GET /api/godgpt/payment/has-apple-subscription',
  priority: 'P1',
  effects: [],
  targetRps: 300,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: { latencyMs: 'a read' },
  sse: false,
  connections: 64,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user checks for an Apple subscription',
      users: 'old users',
      build: userRequest((api, token) => api.hasAppleSubscription(token)),
    },
  ],
});
