import { describe, expect } from 'vitest';
import { PERF_PROFILE_BODY } from '../helpers/fixtures/profile.ts';
import { asUser, perToken } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const ACCOUNT_UPDATE = endpoint('account-update');

describe(ACCOUNT_UPDATE.route, () => {
  test('a logged-in user saves their profile', async ({ run, api, pool }) => {
    const update = perToken((token) => api.updateAccount(token, PERF_PROFILE_BODY));
    const summary = await run(ACCOUNT_UPDATE, (ctx) => asUser(ctx, pool, update));
    expect(summary).toMeetSlo(ACCOUNT_UPDATE.slo);
  });
});
