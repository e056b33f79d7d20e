import { defineEndpoint, FIRST_MESSAGE_THINK, GOODPUT_REASON, STREAM_GOODPUT, STREAM_SLO, TPOT_REASON } from '../../helpers/endpoint.ts';
import { guestChatFlow } from '../../helpers/flows.ts';

export const GUEST_CHAT = defineEndpoint({
  id: 'guest-chat',
  route: 'POST /api/godgpt/guest/chat',
  priority: 'P0',
  effects: [],
  targetRps: 100,
  slo: { ...STREAM_SLO, latencyMs: { p95: 4000, p99: 6000 }, ttftMs: { p95: 1000, p99: 2000 }, tpotMs: { p95: 40 }, goodput: { ...STREAM_GOODPUT, ttftMs: 1000, latencyMs: 4000 } },
  why: {
    latencyMs: 'the mocked LLM streams a whole answer in 1.7–1.8 s: 2x headroom',
    ttftMs: 'TTFT (first answer chunk) is what users feel: 1 s',
    tpotMs: TPOT_REASON,
    goodput: GOODPUT_REASON,
  },
  sse: true,
  connections: 512,
  timeoutMs: 120_000,
  leakCheck: false,
  think: { time: FIRST_MESSAGE_THINK, why: "the pause before a guest's first message; the report's 'with sleep' run (2 s) is the one whose error rate met 1%" },
  scenarios: [
    {
      name: 'a guest creates a session from its own IP, then chats',
      users: 'guests',
      build: async ({ api, guests, prompt, think }) => (ctx) => guestChatFlow(ctx, api, guests, prompt(), think()),
    },
  ],
});
