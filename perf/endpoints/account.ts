import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { asUser, perToken } from '../../helpers/flows.ts';

export const ACCOUNT = defineEndpoint({
  id: 'account',
  route: 'GET /api/godgpt/account',
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
      build: async ({ api, pool }) => {
        const users = await pool();
        const account = perToken((token) => api.account(token));
        return (ctx) => asUser(ctx, users, account);
      },
    },
  ],
});
