import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { PAYMENT_PRODUCTS } from './endpoints/payment-products.ts';

describe(PAYMENT_PRODUCTS.route, () => {
  for (const scenario of PAYMENT_PRODUCTS.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(PAYMENT_PRODUCTS, scenario)).toMeetEndpoint(PAYMENT_PRODUCTS);
    });
  }
});
