import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { userRequest } from '../../helpers/flows.ts';

export const USER_INFO = defineEndpoint({
  id: 'user-info',
  route: 'GET /api/profile/user-info',
  priority: 'P1',
  effects: [],
  targetRps: 250,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: { latencyMs: 'a read' },
  sse: false,
  connections: 64,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user loads their profile',
      users: 'old users',
      build: userRequest((api, token) => api.userInfo(token)),
    },
  ],
});
