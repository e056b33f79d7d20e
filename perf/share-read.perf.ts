import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { SHARE_READ } from './endpoints/share-read.ts';

describe(SHARE_READ.route, () => {
  for (const scenario of SHARE_READ.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(SHARE_READ, scenario)).toMeetEndpoint(SHARE_READ);
    });
  }
});
