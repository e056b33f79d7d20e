import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { CREATE_SESSION } from './endpoints/create-session.ts';

describe(CREATE_SESSION.route, () => {
  for (const scenario of CREATE_SESSION.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(CREATE_SESSION, scenario)).toMeetEndpoint(CREATE_SESSION);
    });
  }
});
