import { describe, expect } from 'vitest';
import { asUser, perToken } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const USER_ID = endpoint('user-id');

describe(USER_ID.route, () => {
  test('a logged-in user asks for their user id', async ({ run, api, pool }) => {
    const userId = perToken((token) => api.userId(token));
    const summary = await run(USER_ID, (ctx) => asUser(ctx, pool, userId));
    expect(summary).toMeetSlo(USER_ID.slo);
  });
});
