import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { USER_ID } from './endpoints/user-id.ts';

describe(USER_ID.route, () => {
  for (const scenario of USER_ID.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(USER_ID, scenario)).toMeetEndpoint(USER_ID);
    });
  }
});
