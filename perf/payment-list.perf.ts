import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { PAYMENT_LIST } from './endpoints/payment-list.ts';

describe(PAYMENT_LIST.route, () => {
  for (const scenario of PAYMENT_LIST.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(PAYMENT_LIST, scenario)).toMeetEndpoint(PAYMENT_LIST);
    });
  }
});
