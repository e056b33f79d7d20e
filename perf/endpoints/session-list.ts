import { SetupError } from '../../src/core/errors.ts';
import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { asUser, perToken } from '../../helpers/flows.ts';

export const SESSION_LIST = defineEndpoint({
  id: 'session-list',
  route: 'GET /api/godgpt/session-list',
  targetRps: 250,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: { latencyMs: 'one grain read plus a list' },
  sse: false,
  connections: 64,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user with a conversation lists their sessions',
      users: 'old users',
      build: async ({ api, pool, sessions }) => {
        const users = await pool();
        // One session per user first, so every list has an item to serialise.
        if ((await sessions()).size === 0) throw new SetupError('session-list: no session could be seeded for the pooled users');
        const list = perToken((token) => api.sessionList(token));
        return (ctx) => asUser(ctx, users, list);
      },
    },
  ],
});
