import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { PAYMENT_CHECKOUT_SESSION } from './endpoints/payment-checkout-session.ts';

describe(PAYMENT_CHECKOUT_SESSION.route, () => {
  for (const scenario of PAYMENT_CHECKOUT_SESSION.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(PAYMENT_CHECKOUT_SESSION, scenario)).toMeetEndpoint(PAYMENT_CHECKOUT_SESSION);
    });
  }
});
