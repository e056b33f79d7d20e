import { describe, expect } from 'vitest';
import { voiceChatFlow } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const VOICE_CHAT = endpoint('voice-chat');

describe(VOICE_CHAT.route, () => {
  test('a logged-in user sends a one-second voice clip in their session', async ({ run, api, pool, sessions }) => {
    const summary = await run(VOICE_CHAT, (ctx) => voiceChatFlow(ctx, api, pool, sessions.next()));
    expect(summary).toMeetSlo(VOICE_CHAT.slo);
  });
});
