import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { seedShares } from '../../helpers/seed/shares.ts';
import { shareReadFlow } from '../../helpers/session-flows.ts';

/** Shared conversations made before the run (a session, one exchange, a share each); readers cycle over them. */
const SHARES = 10;

export const SHARE_READ = defineEndpoint({
  id: 'share-read',
  route: 'GET /api/godgpt/share/{shareId}',
  priority: 'P2',
  effects: [],
  targetRps: 30,
  slo: { ...JSON_SLO, latencyMs: { p95: 500, p99: 1000 } },
  why: {
    targetRps: "not in the QA scripts (§18): the default rate of session-info (30/s), the other read of one conversation by id",
    latencyMs: "one conversation's message list, read without a token: a grain read returning more than session-info's one DTO",
  },
  sse: false,
  connections: 32,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'anyone opens the link of a shared conversation',
      users: 'guests',
      build: async ({ api, setup, pool, prompt }) => {
        const shares = await seedShares(setup, await pool(), SHARES, prompt());
        return (ctx) => shareReadFlow(ctx, api, shares);
      },
    },
  ],
});
