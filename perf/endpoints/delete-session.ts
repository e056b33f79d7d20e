import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { seedOneUseSessions } from '../../helpers/seed/one-use-sessions.ts';
import { deleteSessionFlow } from '../../helpers/session-flows.ts';

export const DELETE_SESSION = defineEndpoint({
  id: 'delete-session',
  route: 'DELETE /api/godgpt/chat/{sessionId}',
  priority: 'P2',
  effects: [],
  targetRps: 15,
  slo: { ...JSON_SLO, latencyMs: { p95: 500, p99: 1000 } },
  why: {
    targetRps: "the QA scripts' default rate for delete (§18: 15/s)",
    latencyMs: "a write (the session grain and the user's session list), bounded as create-session's",
  },
  sse: false,
  connections: 32,
  timeoutMs: 30_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user deletes one of their conversations',
      users: 'old users',
      build: async ({ api, setup, pool, iterations }) => {
        const users = await pool();
        const sessions = await seedOneUseSessions(setup, users, iterations);
        return (ctx) => deleteSessionFlow(ctx, api, users, sessions);
      },
    },
  ],
});
