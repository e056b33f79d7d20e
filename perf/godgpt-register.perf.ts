import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { GODGPT_REGISTER } from './endpoints/godgpt-register.ts';

describe(GODGPT_REGISTER.route, () => {
  for (const scenario of GODGPT_REGISTER.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(GODGPT_REGISTER, scenario)).toMeetEndpoint(GODGPT_REGISTER);
    });
  }
});
