import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { newUserLoginFlow } from '../../helpers/flows.ts';

export const CONNECT_TOKEN = defineEndpoint({
  id: 'connect-token',
  route: 'POST /connect/token',
  priority: 'P1',
  effects: [],
  targetRps: 80,
  slo: { ...JSON_SLO, latencyMs: { p95: 800, p99: 1500 } },
  why: { latencyMs: 'password hashing and user lookup; the report saw high CPU here' },
  sse: false,
  connections: 64,
  timeoutMs: 30_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a user with no token yet logs in with email and password',
      users: 'new users',
      build: async ({ api, newUsers }) => {
        const users = await newUsers();
        return (ctx) => newUserLoginFlow(ctx, api, users);
      },
    },
  ],
});
