import { describe, expect } from 'vitest';
import { asUser, perToken } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const HAS_APPLE_SUBSCRIPTION = endpoint('has-apple-subscription');

describe(HAS_APPLE_SUBSCRIPTION.route, () => {
  test('a logged-in user checks for an Apple subscription', async ({ run, api, pool }) => {
    const hasApple = perToken((token) => api.hasAppleSubscription(token));
    const summary = await run(HAS_APPLE_SUBSCRIPTION, (ctx) => asUser(ctx, pool, hasApple));
    expect(summary).toMeetSlo(HAS_APPLE_SUBSCRIPTION.slo);
  });
});
