import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { SEND_REGISTER_CODE } from './endpoints/send-register-code.ts';

describe(SEND_REGISTER_CODE.route, () => {
  for (const scenario of SEND_REGISTER_CODE.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(SEND_REGISTER_CODE, scenario)).toMeetEndpoint(SEND_REGISTER_CODE);
    });
  }
});
