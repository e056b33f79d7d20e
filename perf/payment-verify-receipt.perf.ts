import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { PAYMENT_VERIFY_RECEIPT } from './endpoints/payment-verify-receipt.ts';

describe(PAYMENT_VERIFY_RECEIPT.route, () => {
  for (const scenario of PAYMENT_VERIFY_RECEIPT.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(PAYMENT_VERIFY_RECEIPT, scenario)).toMeetEndpoint(PAYMENT_VERIFY_RECEIPT);
    });
  }
});
