import { describe, expect } from 'vitest';
import { asUser, perToken } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const SHOW_TOAST = endpoint('account-show-toast');

describe(SHOW_TOAST.route, () => {
  test('a logged-in user dismisses the credits toast', async ({ run, api, pool }) => {
    const showToast = perToken((token) => api.showToast(token));
    const summary = await run(SHOW_TOAST, (ctx) => asUser(ctx, pool, showToast));
    expect(summary).toMeetSlo(SHOW_TOAST.slo);
  });
});
