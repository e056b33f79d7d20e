import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';

export const GUEST_CREATE_SESSION = defineEndpoint({
  id: 'guest-create-session',
  route: 'POST /api/godgpt/guest/create-session',
  priority: 'P0',
  effects: [],
  targetRps: 100,
  slo: { ...JSON_SLO, latencyMs: { p95: 500, p99: 1000 } },
  why: { latencyMs: 'a grain write; the report saw 38–300 ms with room to spare' },
  sse: false,
  connections: 64,
  timeoutMs: 30_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a new guest opens a session from its own IP',
      users: 'guests',
      build: async ({ api, guests }) => (ctx) => ctx.request(api.guestCreateSession(guests.fresh())),
    },
  ],
});
