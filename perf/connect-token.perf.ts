import { describe, expect } from 'vitest';
import { newUserLoginFlow } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const CONNECT_TOKEN = endpoint('connect-token');

describe(CONNECT_TOKEN.route, () => {
  test('a user with no token yet logs in with email and password', async ({ run, api, newUsers }) => {
    const summary = await run(CONNECT_TOKEN, (ctx) => newUserLoginFlow(ctx, api, newUsers));
    expect(summary).toMeetSlo(CONNECT_TOKEN.slo);
  });
});
