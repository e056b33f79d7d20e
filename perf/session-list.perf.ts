import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { SESSION_LIST } from './endpoints/session-list.ts';

describe(SESSION_LIST.route, () => {
  for (const scenario of SESSION_LIST.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(SESSION_LIST, scenario)).toMeetEndpoint(SESSION_LIST);
    });
  }
});
