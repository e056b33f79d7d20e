import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { GUEST_CREATE_SESSION } from './endpoints/guest-create-session.ts';

describe(GUEST_CREATE_SESSION.route, () => {
  for (const scenario of GUEST_CREATE_SESSION.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(GUEST_CREATE_SESSION, scenario)).toMeetEndpoint(GUEST_CREATE_SESSION);
    });
  }
});
