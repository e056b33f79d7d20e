import { defineEndpoint, STREAM_SLO } from '../../helpers/endpoint.ts';
import { voiceChatFlow } from '../../helpers/flows.ts';

export const VOICE_CHAT = defineEndpoint({
  id: 'voice-chat',
  route: 'POST /api/godgpt/voice/chat',
  targetRps: 70,
  slo: { ...STREAM_SLO, latencyMs: { p95: 6000, p99: 9000 }, ttftMs: { p95: 2000, p99: 3000 } },
  why: { latencyMs: 'speech-to-text runs before the first chunk (≈0.25–0.45 s) and TTS chunks are larger', ttftMs: 'TTFT: speech-to-text comes first' },
  sse: true,
  connections: 512,
  timeoutMs: 120_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user sends a one-second voice clip in their session',
      users: 'old users',
      build: async ({ api, pool, sessions }) => {
        const [users, book] = [await pool(), await sessions()];
        return (ctx) => voiceChatFlow(ctx, api, users, book.next());
      },
    },
  ],
});
