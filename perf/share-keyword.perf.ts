import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { SHARE_KEYWORD } from './endpoints/share-keyword.ts';

describe(SHARE_KEYWORD.route, () => {
  for (const scenario of SHARE_KEYWORD.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(SHARE_KEYWORD, scenario)).toMeetEndpoint(SHARE_KEYWORD);
    });
  }
});
