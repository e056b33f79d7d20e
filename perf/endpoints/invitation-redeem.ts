import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { redeemFlow } from '../../helpers/flows.ts';

export const REDEEM = defineEndpoint({
  id: 'invitation-redeem',
  route: 'POST /api/godgpt/invitation/redeem',
  priority: 'P1',
  effects: [],
  targetRps: 70,
  slo: { ...JSON_SLO, latencyMs: { p95: 500, p99: 1000 } },
  why: { latencyMs: 'code lookup plus reward write' },
  sse: false,
  connections: 32,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: "a logged-in user redeems another user's invite code",
      users: 'old users',
      build: async ({ api, pool, inviteCodes }) => {
        const [users, codes] = [await pool(), await inviteCodes()];
        return (ctx) => redeemFlow(ctx, api, users, codes);
      },
    },
  ],
});
