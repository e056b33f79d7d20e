import { describe, expect } from 'vitest';
import { asUser, perToken } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const USER_INFO = endpoint('user-info');

describe(USER_INFO.route, () => {
  test('a logged-in user loads their profile', async ({ run, api, pool }) => {
    const userInfo = perToken((token) => api.userInfo(token));
    const summary = await run(USER_INFO, (ctx) => asUser(ctx, pool, userInfo));
    expect(summary).toMeetSlo(USER_INFO.slo);
  });
});
