import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { sessionInfoFlow } from '../../helpers/flows.ts';

export const SESSION_INFO = defineEndpoint({
  id: 'session-info',
  route: 'GET /api/godgpt/session-info/{sessionId}',
  priority: 'P1',
  effects: [],
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
    {
      name: 'a heavy user with ~4,000 sessions opens them one after another',
      users: 'old users',
      why: { latencyMs: 'session-info reads one session whatever the user holds: the bounds stay those of a light user' },
      build: async ({ api, heavyUser }) => {
        const heavy = await heavyUser();
        let next = 0;
        const specs = new Map<string, ReturnType<typeof api.sessionInfo>>();
        return (ctx) => {
          const id = heavy.sessionIds[next++ % heavy.sessionIds.length]!;
          let spec = specs.get(id);
          if (!spec) specs.set(id, (spec = api.sessionInfo(heavy.token, id)));
          return ctx.request(spec);
        };
      },
    },
  ],
});
