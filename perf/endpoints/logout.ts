import { logoutFlow } from '../../helpers/account-flows.ts';
import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { loginOneUseTokens } from '../../helpers/seed/one-use-tokens.ts';

export const LOGOUT = defineEndpoint({
  id: 'logout',
  route: 'GET /api/account/logout',
  priority: 'P2',
  effects: [],
  targetRps: 15,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: {
    targetRps: "no QA script or report number exists for it (§18); 15/s, the QA scripts' default for the other once-per-session actions (delete, rename)",
    latencyMs: 'ends one sign-in: no hashing, no model; bounded as the reads (account GET)',
  },
  sse: false,
  connections: 32,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user logs out, with a login of their own made before the run',
      users: 'old users',
      build: async ({ api, setup, newUsers, iterations }) => {
        const users = await newUsers();
        const tokens = await loginOneUseTokens(setup, users, iterations);
        return (ctx) => logoutFlow(ctx, api, tokens, users);
      },
    },
  ],
});
