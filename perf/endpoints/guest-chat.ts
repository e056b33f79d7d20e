import { defineEndpoint, STREAM_SLO } from '../../helpers/endpoint.ts';
import { guestChatFlow } from '../../helpers/flows.ts';

export const GUEST_CHAT = defineEndpoint({
  id: 'guest-chat',
  route: 'POST /api/godgpt/guest/chat',
  targetRps: 100,
  slo: { ...STREAM_SLO, latencyMs: { p95: 4000, p99: 6000 }, ttftMs: { p95: 1000, p99: 2000 } },
  why: { latencyMs: 'the mocked LLM streams a whole answer in 1.7–1.8 s: 2x headroom', ttftMs: 'TTFT is what users feel: 1 s' },
  sse: true,
  connections: 512,
  timeoutMs: 120_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a guest creates a session from its own IP, then chats',
      users: 'guests',
      build: async ({ api, guests, prompt }) => (ctx) => guestChatFlow(ctx, api, guests, prompt()),
    },
  ],
});
