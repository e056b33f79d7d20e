import { checkEmailFlow, uniqueEmails } from '../../helpers/account-flows.ts';
import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';

export const CHECK_EMAIL_REGISTERED = defineEndpoint({
  id: 'check-email-registered',
  route: 'POST /api/account/check-email-registered',
  priority: 'P2',
  effects: [],
  targetRps: 30,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: {
    targetRps: "no QA script or report number exists for it (§18); 30/s, the QA scripts' default for the other light single reads (session-info, account GET)",
    latencyMs: 'one user lookup by e-mail (a bool back), bounded as the reads (account GET)',
  },
  sse: false,
  connections: 32,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a visitor checks whether their e-mail is registered, half of them registered',
      users: 'guests',
      build: async ({ api, pool }) => checkEmailFlow(api, await pool(), uniqueEmails()),
    },
  ],
});
