import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { GUEST_CHAT } from './endpoints/guest-chat.ts';

describe(GUEST_CHAT.route, () => {
  for (const scenario of GUEST_CHAT.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(GUEST_CHAT, scenario)).toMeetEndpoint(GUEST_CHAT);
    });
  }
});
