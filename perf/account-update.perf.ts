import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { ACCOUNT_UPDATE } from './endpoints/account-update.ts';

describe(ACCOUNT_UPDATE.route, () => {
  for (const scenario of ACCOUNT_UPDATE.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(ACCOUNT_UPDATE, scenario)).toMeetEndpoint(ACCOUNT_UPDATE);
    });
  }
});
