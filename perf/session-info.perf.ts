import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { SESSION_INFO } from './endpoints/session-info.ts';

describe(SESSION_INFO.route, () => {
  for (const scenario of SESSION_INFO.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(SESSION_INFO, scenario)).toMeetEndpoint(SESSION_INFO);
    });
  }
});
