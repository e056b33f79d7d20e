import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { sessionInfoFlow } from '../../helpers/flows.ts';

export const SESSION_INFO = defineEndpoint({
  id: 'session-info',
  route: 'GET /api/godgpt/session-info/{sessionId}',
  targetRps: 150,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: { latencyMs: 'one grain read' },
  sse: false,
  connections: 64,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user opens one of their sessions',
      users: 'old users',
      build: async ({ api, pool, sessions }) => {
        const [users, book] = [await pool(), await sessions()];
        return (ctx) => sessionInfoFlow(ctx, api, users, book);
      },
    },
  ],
});
