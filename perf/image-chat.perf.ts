import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { IMAGE_CHAT } from './endpoints/image-chat.ts';

describe(IMAGE_CHAT.route, () => {
  for (const scenario of IMAGE_CHAT.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(IMAGE_CHAT, scenario)).toMeetEndpoint(IMAGE_CHAT);
    });
  }
});
