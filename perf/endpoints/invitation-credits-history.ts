import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { userRequest } from '../../helpers/flows.ts';

export const INVITATION_CREDITS_HISTORY = defineEndpoint({
  id: 'invitation-credits-history',
  route: 'GET /api/godgpt/invitation/credits/history',
  priority: 'P2',
  effects: [],
  targetRps: 30,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: {
    targetRps: 'no QA script or report number exists for it (§18); the invite page lists it beside invitation/info, so the same 30/s',
    latencyMs: 'one page of the reward history (a paged object, §20), bounded as the reads (account GET)',
  },
  sse: false,
  connections: 32,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user opens the first page of their invite reward history',
      users: 'old users',
      build: userRequest((api, token) => api.creditsHistory(token)),
    },
  ],
});
