import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { shareKeywordFlow } from '../../helpers/session-flows.ts';

export const SHARE_KEYWORD = defineEndpoint({
  id: 'share-keyword',
  route: 'GET /api/godgpt/share/keyword',
  priority: 'P2',
  effects: [],
  targetRps: 5,
  slo: { ...JSON_SLO, latencyMs: { p95: 4000, p99: 6000 } },
  why: {
    targetRps: "not in the QA scripts (§18): asked once per share, which is far rarer than a chat: a twentieth of chat's 100/s",
    latencyMs: "a whole model reply, not streamed (§20): the mocked model takes ≈1.7 s (300 ms to the first token, 100–130 tokens at 75–95/s); chat's bounds for a whole reply",
  },
  sse: false,
  connections: 32,
  timeoutMs: 60_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user shares a conversation and the service asks the model for its share line',
      users: 'old users',
      build: async ({ api, pool, sessions, prompt }) => {
        const [users, book] = [await pool(), await sessions()];
        return (ctx) => shareKeywordFlow(ctx, api, users, book, prompt());
      },
    },
  ],
});
