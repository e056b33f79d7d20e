import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { CHAT } from './endpoints/chat.ts';

describe(CHAT.route, () => {
  for (const scenario of CHAT.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(CHAT, scenario)).toMeetEndpoint(CHAT);
    });
  }
});
