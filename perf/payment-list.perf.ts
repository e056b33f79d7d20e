import { describe, expect } from 'vitest';
import { asUser, perToken } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const PAYMENT_LIST = endpoint('payment-list');

describe(PAYMENT_LIST.route, () => {
  test('a logged-in user lists the first page of their payments', async ({ run, api, pool }) => {
    const paymentList = perToken((token) => api.paymentList(token, 1, 10));
    const summary = await run(PAYMENT_LIST, (ctx) => asUser(ctx, pool, paymentList));
    expect(summary).toMeetSlo(PAYMENT_LIST.slo);
  });
});
