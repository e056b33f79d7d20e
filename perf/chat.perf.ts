import { describe, expect } from 'vitest';
import { userChatFlow } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const CHAT = endpoint('chat');

describe(CHAT.route, () => {
  test('a logged-in user creates a session, then chats in it', async ({ run, api, pool, prompt }) => {
    const summary = await run(CHAT, (ctx) => userChatFlow(ctx, api, pool, prompt()));
    expect.soft(summary).toMeetSlo(CHAT.slo);
    expect.soft(summary).toReleaseMemory();
  });
});
