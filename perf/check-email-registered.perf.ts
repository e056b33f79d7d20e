import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { CHECK_EMAIL_REGISTERED } from './endpoints/check-email-registered.ts';

describe(CHECK_EMAIL_REGISTERED.route, () => {
  for (const scenario of CHECK_EMAIL_REGISTERED.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(CHECK_EMAIL_REGISTERED, scenario)).toMeetEndpoint(CHECK_EMAIL_REGISTERED);
    });
  }
});
