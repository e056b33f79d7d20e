import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { newUserRequest, userRequest } from '../../helpers/flows.ts';

export const INVITATION_INFO = defineEndpoint({
  id: 'invitation-info',
  route: 'GET /api/godgpt/invitation/info',
  priority: 'P2',
  effects: [],
  targetRps: 30,
  slo: { ...JSON_SLO, latencyMs: { p95: 500, p99: 1000 } },
  why: {
    targetRps: "no QA script or report number exists for it (§18); 30/s, the QA scripts' default for the other light single reads (session-info, account GET)",
    latencyMs: "a read that also makes the user's invite code on their first call (GG GetInvitationInfoAsync calls GenerateInviteCodeAsync first): bounded as redeem's code write",
  },
  sse: false,
  connections: 32,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user opens the invite page: their code, invites and reward tiers',
      users: 'old users',
      build: userRequest((api, token) => api.invitationInfo(token)),
    },
    {
      name: 'a new user, just logged in for the first time, opens the invite page and gets their code made',
      users: 'new users',
      build: newUserRequest((api, token) => api.invitationInfo(token)),
    },
  ],
});
