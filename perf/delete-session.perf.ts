import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { DELETE_SESSION } from './endpoints/delete-session.ts';

describe(DELETE_SESSION.route, () => {
  for (const scenario of DELETE_SESSION.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(DELETE_SESSION, scenario)).toMeetEndpoint(DELETE_SESSION);
    });
  }
});
