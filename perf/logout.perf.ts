import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { LOGOUT } from './endpoints/logout.ts';

describe(LOGOUT.route, () => {
  for (const scenario of LOGOUT.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(LOGOUT, scenario)).toMeetEndpoint(LOGOUT);
    });
  }
});
