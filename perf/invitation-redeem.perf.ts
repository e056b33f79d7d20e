import { describe, expect } from 'vitest';
import { redeemFlow } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const REDEEM = endpoint('invitation-redeem');

describe(REDEEM.route, () => {
  test("a logged-in user redeems another user's invite code", async ({ run, api, pool, inviteCodes }) => {
    const summary = await run(REDEEM, (ctx) => redeemFlow(ctx, api, pool, inviteCodes));
    expect(summary).toMeetSlo(REDEEM.slo);
  });
});
