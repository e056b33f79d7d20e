import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { PERF_PROFILE_BODY } from '../../helpers/fixtures/profile.ts';
import { newUserRequest, userRequest } from '../../helpers/flows.ts';

export const ACCOUNT_UPDATE = defineEndpoint({
  id: 'account-update',
  route: 'PUT /api/godgpt/account',
  priority: 'P1',
  effects: [],
  targetRps: 10,
  slo: { ...JSON_SLO, latencyMs: { p95: 500, p99: 1000 } },
  why: { latencyMs: "a write; the report's limit was 10/s" },
  sse: false,
  connections: 16,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user saves their profile',
      users: 'old users',
      build: userRequest((api, token) => api.updateAccount(token, PERF_PROFILE_BODY)),
    },
    {
      name: 'a new user, just logged in for the first time, saves their profile',
      users: 'new users',
      build: newUserRequest((api, token) => api.updateAccount(token, PERF_PROFILE_BODY)),
    },
  ],
});
