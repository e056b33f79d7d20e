import { defineEndpoint, FIRST_MESSAGE_THINK, GOODPUT_REASON, STREAM_GOODPUT, STREAM_SLO, TPOT_REASON } from '../../helpers/endpoint.ts';
import { seedChatImages } from '../../helpers/seed/chat-images.ts';
import { imageChatFlow } from '../../helpers/session-flows.ts';

export const IMAGE_CHAT = defineEndpoint({
  id: 'image-chat',
  route: 'POST /api/gotgpt/chat',
  priority: 'P2',
  effects: [],
  targetRps: 20,
  slo: { ...STREAM_SLO, latencyMs: { p95: 5000, p99: 7000 }, ttftMs: { p95: 2000, p99: 3000 }, tpotMs: { p95: 40 }, goodput: { ...STREAM_GOODPUT, ttftMs: 2000, latencyMs: 5000 } },
  why: {
    targetRps: "not in the QA scripts (§18): every uploaded image goes into one chat, so blob upload's target (20/s)",
    latencyMs: "chat's bounds plus 1 s for the image; measured after a create-session that is not counted",
    ttftMs: "chat's TTFT bounds plus 1 s: the service fetches the image and the model reads it before its first token (no measurement exists; the simulator assumes 300 ms median, 700 ms p95 per image, docs/SIMULATOR.md)",
    tpotMs: TPOT_REASON,
    goodput: GOODPUT_REASON,
  },
  sse: true,
  connections: 256,
  timeoutMs: 120_000,
  leakCheck: false,
  think: { time: FIRST_MESSAGE_THINK, why: "the pause before a user's first message in a new session, as chat" },
  scenarios: [
    {
      name: 'a logged-in user creates a session, then chats about an image they uploaded',
      users: 'old users',
      build: async ({ api, setup, pool, iterations, prompt, think }) => {
        const users = await pool();
        const images = await seedChatImages(setup, users, iterations);
        return (ctx) => imageChatFlow(ctx, api, users, images, prompt(), think());
      },
    },
  ],
});
