import { defineEndpoint, GOODPUT_REASON, STREAM_GOODPUT, STREAM_SLO, TPOT_REASON } from '../../helpers/endpoint.ts';
import { newUserVoiceChatFlow, voiceChatFlow } from '../../helpers/flows.ts';

export const VOICE_CHAT = defineEndpoint({
  id: 'voice-chat',
  route: 'POST /api/godgpt/voice/chat',
  priority: 'P1',
  effects: [],
  targetRps: 70,
  slo: { ...STREAM_SLO, latencyMs: { p95: 6000, p99: 9000 }, ttftMs: { p95: 2000, p99: 3000 }, tpotMs: { p95: 40 }, goodput: { ...STREAM_GOODPUT, ttftMs: 2000, latencyMs: 6000 } },
  why: {
    latencyMs: 'speech-to-text runs before the first chunk (≈0.25–0.45 s) and TTS chunks are larger',
    ttftMs: 'TTFT is the first answer chunk, after the STT echo: speech-to-text comes first',
    tpotMs: TPOT_REASON,
    goodput: GOODPUT_REASON,
  },
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
    {
      name: 'a new user logs in for the first time, opens a session and sends a voice clip',
      users: 'new users',
      build: async ({ api, newUsers }) => {
        const users = await newUsers();
        return (ctx) => newUserVoiceChatFlow(ctx, api, users);
      },
    },
  ],
});
