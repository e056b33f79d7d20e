import { defineEndpoint, FIRST_MESSAGE_THINK, GOODPUT_REASON, STREAM_GOODPUT, STREAM_SLO, TPOT_REASON } from '../../helpers/endpoint.ts';
import { newUserChatFlow, userChatFlow } from '../../helpers/flows.ts';

export const CHAT = defineEndpoint({
  id: 'chat',
  route: 'POST /api/gotgpt/chat',
  priority: 'P0',
  effects: [],
  targetRps: 100,
  slo: { ...STREAM_SLO, latencyMs: { p95: 4000, p99: 6000 }, ttftMs: { p95: 1000, p99: 2000 }, tpotMs: { p95: 40 }, goodput: { ...STREAM_GOODPUT, ttftMs: 1000, latencyMs: 4000 } },
  why: {
    latencyMs: 'as guest chat; measured after a create-session that is not counted',
    ttftMs: 'TTFT (first answer chunk) as guest chat',
    tpotMs: TPOT_REASON,
    goodput: GOODPUT_REASON,
  },
  sse: true,
  connections: 512,
  timeoutMs: 120_000,
  leakCheck: true,
  think: { time: FIRST_MESSAGE_THINK, why: "the pause before a user's first message in a new session, as guest chat" },
  scenarios: [
    {
      name: 'a logged-in user creates a session, then chats in it',
      users: 'old users',
      build: async ({ api, pool, prompt, think }) => {
        const users = await pool();
        return (ctx) => userChatFlow(ctx, api, users, prompt(), think());
      },
    },
    {
      name: 'a new user logs in for the first time, creates their first session, then chats',
      users: 'new users',
      build: async ({ api, newUsers, prompt, think }) => {
        const users = await newUsers();
        return (ctx) => newUserChatFlow(ctx, api, users, prompt(), think());
      },
    },
  ],
});
