import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { RENAME_SESSION } from './endpoints/rename-session.ts';

describe(RENAME_SESSION.route, () => {
  for (const scenario of RENAME_SESSION.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(RENAME_SESSION, scenario)).toMeetEndpoint(RENAME_SESSION);
    });
  }
});
