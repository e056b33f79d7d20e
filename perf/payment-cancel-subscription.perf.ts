import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { PAYMENT_CANCEL_SUBSCRIPTION } from './endpoints/payment-cancel-subscription.ts';

describe(PAYMENT_CANCEL_SUBSCRIPTION.route, () => {
  for (const scenario of PAYMENT_CANCEL_SUBSCRIPTION.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(PAYMENT_CANCEL_SUBSCRIPTION, scenario)).toMeetEndpoint(PAYMENT_CANCEL_SUBSCRIPTION);
    });
  }
});
