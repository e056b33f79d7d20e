import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { userRequest } from '../../helpers/flows.ts';

export const PAYMENT_LIST = defineEndpoint({
  id: 'payment-list',
  route: 'GET /api/godgpt/payment/list',
  priority: 'P1',
  effects: [],
  targetRps: 450,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: { latencyMs: 'a read' },
  sse: false,
  connections: 96,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user lists the first page of their payments',
      users: 'old users',
      build: userRequest((api, token) => api.paymentList(token, 1, 10)),
    },
  ],
});
