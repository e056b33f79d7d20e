import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { ACCOUNT } from './endpoints/account.ts';

describe(ACCOUNT.route, () => {
  for (const scenario of ACCOUNT.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(ACCOUNT, scenario)).toMeetEndpoint(ACCOUNT);
    });
  }
});
