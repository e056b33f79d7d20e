import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { CONNECT_TOKEN } from './endpoints/connect-token.ts';

describe(CONNECT_TOKEN.route, () => {
  for (const scenario of CONNECT_TOKEN.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(CONNECT_TOKEN, scenario)).toMeetEndpoint(CONNECT_TOKEN);
    });
  }
});
