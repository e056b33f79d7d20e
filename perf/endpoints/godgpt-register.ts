import { registerFlow } from '../../helpers/account-flows.ts';
import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';

export const GODGPT_REGISTER = defineEndpoint({
  id: 'godgpt-register',
  route: 'POST /api/account/godgpt-register',
  priority: 'P2',
  effects: ['accounts'],
  targetRps: 10,
  slo: { ...JSON_SLO, latencyMs: { p95: 1000, p99: 2000 } },
  why: {
    targetRps: 'no QA script or report number exists for it (§18); 10/s, as send-register-code: one registration per code sent',
    latencyMs: "password hashing as a login (800/1500) plus writing a new user, so a little above the auth server's login",
  },
  sse: false,
  connections: 32,
  timeoutMs: 30_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a visitor creates an account with a new e-mail and the verification code',
      users: 'guests',
      build: async ({ api, registerCode }) => registerFlow(api, registerCode()),
    },
  ],
});
