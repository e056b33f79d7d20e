import { describe, expect } from 'vitest';
import { asUser, perToken } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const ACCOUNT_UPDATE = endpoint('account-update');
const PROFILE = { gender: 'female', birthDate: '03/15/1995', birthPlace: 'Hangzhou', fullName: 'Perf Tester' };

describe(ACCOUNT_UPDATE.route, () => {
  test('a logged-in user saves their profile', async ({ run, api, pool }) => {
    const update = perToken((token) => api.updateAccount(token, PROFILE));
    const summary = await run(ACCOUNT_UPDATE, (ctx) => asUser(ctx, pool, update));
    expect(summary).toMeetSlo(ACCOUNT_UPDATE.slo);
  });
});
