import { describe, expect } from 'vitest';
import { asUser } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const SESSION_INFO = endpoint('session-info');

describe(SESSION_INFO.route, () => {
  test('a logged-in user opens one of their sessions', async ({ run, api, pool, sessions }) => {
    const summary = await run(SESSION_INFO, (ctx) => {
      const { user, sessionId } = sessions.next();
      return asUser(ctx, pool, (token) => api.sessionInfo(token, sessionId), user);
    });
    expect(summary).toMeetSlo(SESSION_INFO.slo);
  });
});
