import { describe, expect } from 'vitest';
import { guestChatFlow } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const GUEST_CHAT = endpoint('guest-chat');

describe(GUEST_CHAT.route, () => {
  test('a guest creates a session from its own IP, then chats', async ({ run, api, guests, prompt }) => {
    const summary = await run(GUEST_CHAT, (ctx) => guestChatFlow(ctx, api, guests, prompt()));
    expect(summary).toMeetSlo(GUEST_CHAT.slo);
  });
});
