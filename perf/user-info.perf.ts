import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { USER_INFO } from './endpoints/user-info.ts';

describe(USER_INFO.route, () => {
  for (const scenario of USER_INFO.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(USER_INFO, scenario)).toMeetEndpoint(USER_INFO);
    });
  }
});
