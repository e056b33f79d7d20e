import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { REDEEM } from './endpoints/invitation-redeem.ts';

describe(REDEEM.route, () => {
  for (const scenario of REDEEM.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(REDEEM, scenario)).toMeetEndpoint(REDEEM);
    });
  }
});
