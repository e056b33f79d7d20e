import { describe, expect } from 'vitest';
import { endpoint, test } from '../helpers/perf-test.ts';

const CONNECT_TOKEN = endpoint('connect-token');

describe(CONNECT_TOKEN.route, () => {
  test('a user with no token yet logs in with email and password', async ({ run, api, newUsers }) => {
    const summary = await run(CONNECT_TOKEN, (ctx) => {
      const user = newUsers.next();
      return ctx.request(api.passwordToken(user.email, user.password));
    });
    expect(summary).toMeetSlo(CONNECT_TOKEN.slo);
  });
});
