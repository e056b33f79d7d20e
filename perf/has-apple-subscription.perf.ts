import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { HAS_APPLE_SUBSCRIPTION } from './endpoints/has-apple-subscription.ts';

describe(HAS_APPLE_SUBSCRIPTION.route, () => {
  for (const scenario of HAS_APPLE_SUBSCRIPTION.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(HAS_APPLE_SUBSCRIPTION, scenario)).toMeetEndpoint(HAS_APPLE_SUBSCRIPTION);
    });
  }
});
