import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { renameSessionFlow } from '../../helpers/session-flows.ts';

export const RENAME_SESSION = defineEndpoint({
  id: 'rename-session',
  route: 'PUT /api/godgpt/chat/rename',
  priority: 'P2',
  effects: [],
  targetRps: 15,
  slo: { ...JSON_SLO, latencyMs: { p95: 500, p99: 1000 } },
  why: {
    targetRps: "the QA scripts' default rate for rename (§18: 15/s)",
    latencyMs: "a write of one session's title, bounded as create-session's",
  },
  sse: false,
  connections: 32,
  timeoutMs: 30_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user renames one of their conversations',
      users: 'old users',
      build: async ({ api, pool, sessions }) => {
        const [users, book] = [await pool(), await sessions()];
        let n = 0;
        return (ctx) => renameSessionFlow(ctx, api, users, book, `Evening meditation ${++n}`);
      },
    },
  ],
});
