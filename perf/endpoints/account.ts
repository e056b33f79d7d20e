import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { userRequest } from '../../helpers/flows.ts';

export const ACCOUNT = defineEndpoint({
  id: 'account',
  route: 'GET /api/godgpt/account',
  priority: 'P1',
  effects: [],
  targetRps: 200,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: { latencyMs: 'reads' },
  sse: false,
  connections: 64,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user loads their account, credits and subscription',
      users: 'old users',
      build: userRequest((api, token) => api.account(token)),
    },
  ],
});
