import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { userRequest } from '../../helpers/flows.ts';

export const USER_ID = defineEndpoint({
  id: 'user-id',
  route: 'GET /api/query/user-id',
  priority: 'P1',
  effects: [],
  targetRps: 700,
  slo: { ...JSON_SLO, latencyMs: { p95: 200, p99: 500 } },
  why: { latencyMs: 'taken from the token: nothing but the API pod' },
  sse: false,
  connections: 128,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user asks for their user id',
      users: 'old users',
      build: userRequest((api, token) => api.userId(token)),
    },
  ],
});
