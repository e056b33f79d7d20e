import { SetupError } from '../../src/index.ts';
import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { asUser, perToken } from '../../helpers/flows.ts';

/** The heavy user's bounds (the report's 3,943-session user, 595 KB per list; docs/SIMULATOR.md has the measured curve). */
const HEAVY_SLO = { latencyMs: { p95: 300, p99: 600 } } as const;
const HEAVY_WHY = {
  latencyMs: 'a 4,000-item list: the grain read and ~600 KB of JSON per answer',
  targetRps: 'the report ran 250/s with this user (~150 MB/s of answers); one generator on the 2 shared cores cannot receive that, so the heavy user runs at 50/s (~30 MB/s)',
} as const;
const HEAVY_RPS = 50;

export const SESSION_LIST = defineEndpoint({
  id: 'session-list',
  route: 'GET /api/godgpt/session-list',
  priority: 'P1',
  effects: [],
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
    {
      name: 'a heavy user with ~4,000 sessions lists them all',
      users: 'old users',
      slo: HEAVY_SLO,
      why: HEAVY_WHY,
      targetRps: HEAVY_RPS,
      build: async ({ api, heavyUser }) => {
        const heavy = await heavyUser();
        // ~600 KB per answer, hundreds a second: judged on its framing, code and end items (longListCheck).
        const spec = api.sessionList(heavy.token, { longList: true });
        return (ctx) => ctx.request(spec);
      },
    },
  ],
});
