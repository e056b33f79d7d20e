import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { INVITATION_INFO } from './endpoints/invitation-info.ts';

describe(INVITATION_INFO.route, () => {
  for (const scenario of INVITATION_INFO.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(INVITATION_INFO, scenario)).toMeetEndpoint(INVITATION_INFO);
    });
  }
});
