import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { userRequest } from '../../helpers/flows.ts';

export const SHOW_TOAST = defineEndpoint({
  id: 'account-show-toast',
  route: 'POST /api/godgpt/account/show-toast',
  priority: 'P1',
  effects: [],
  targetRps: 70,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: { latencyMs: 'a flag write' },
  sse: false,
  connections: 32,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user dismisses the credits toast',
      users: 'old users',
      build: userRequest((api, token) => api.showToast(token)),
    },
  ],
});
