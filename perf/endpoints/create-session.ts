import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { newUserRequest, userRequest } from '../../helpers/flows.ts';

export const CREATE_SESSION = defineEndpoint({
  id: 'create-session',
  route: 'POST /api/godgpt/create-session',
  priority: 'P0',
  effects: [],
  targetRps: 100,
  slo: { ...JSON_SLO, latencyMs: { p95: 500, p99: 1000 } },
  why: { latencyMs: 'as guest create-session (high CPU in the report)' },
  sse: false,
  connections: 64,
  timeoutMs: 30_000,
  leakCheck: true,
  scenarios: [
    {
      name: 'a logged-in user starts a new conversation',
      users: 'old users',
      build: userRequest((api, token) => api.createSession(token)),
    },
    {
      name: 'a new user, just logged in for the first time, starts their first conversation',
      users: 'new users',
      build: newUserRequest((api, token) => api.createSession(token)),
    },
  ],
});
