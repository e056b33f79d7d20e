import { uniqueEmails } from '../../helpers/account-flows.ts';
import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';

export const SEND_REGISTER_CODE = defineEndpoint({
  id: 'send-register-code',
  route: 'POST /api/account/send-register-code',
  priority: 'P2',
  effects: ['email'],
  targetRps: 10,
  slo: { ...JSON_SLO, latencyMs: { p95: 800, p99: 1500 } },
  why: {
    targetRps: 'no QA script or report number exists for it (§18); 10/s is our assumption: a code precedes each sign-up, far rarer than logins (token: 70/s)',
    latencyMs: "a user lookup and the code handed to the mail sender (mocked in the plan), bounded as the auth server's login (800/1500)",
  },
  sse: false,
  connections: 32,
  timeoutMs: 30_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a visitor signing up asks for a verification code for an e-mail no one has registered',
      users: 'guests',
      build: async ({ api }) => {
        const emails = uniqueEmails();
        return (ctx) => ctx.request(api.sendRegisterCode(emails()));
      },
    },
  ],
});
