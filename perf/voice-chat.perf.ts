import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { VOICE_CHAT } from './endpoints/voice-chat.ts';

describe(VOICE_CHAT.route, () => {
  for (const scenario of VOICE_CHAT.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(VOICE_CHAT, scenario)).toMeetEndpoint(VOICE_CHAT);
    });
  }
});
