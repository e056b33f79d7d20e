import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { INVITATION_CREDITS_HISTORY } from './endpoints/invitation-credits-history.ts';

describe(INVITATION_CREDITS_HISTORY.route, () => {
  for (const scenario of INVITATION_CREDITS_HISTORY.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(INVITATION_CREDITS_HISTORY, scenario)).toMeetEndpoint(INVITATION_CREDITS_HISTORY);
    });
  }
});
