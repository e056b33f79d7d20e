import { describe, expect } from 'vitest';
import { asUser, perToken } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const ACCOUNT = endpoint('account');

describe(ACCOUNT.route, () => {
  test('a logged-in user loads their account, credits and subscription', async ({ run, api, pool }) => {
    const account = perToken((token) => api.account(token));
    const summary = await run(ACCOUNT, (ctx) => asUser(ctx, pool, account));
    expect(summary).toMeetSlo(ACCOUNT.slo);
  });
});
