import { describe, expect } from 'vitest';
import { asUser, perToken } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const SESSION_LIST = endpoint('session-list');

describe(SESSION_LIST.route, () => {
  // `sessions` seeds one session per user first, so every list has an item to serialise.
  test('a logged-in user with a conversation lists their sessions', async ({ run, api, pool, sessions }) => {
    expect(sessions.size).toBeGreaterThan(0);
    const sessionList = perToken((token) => api.sessionList(token));
    const summary = await run(SESSION_LIST, (ctx) => asUser(ctx, pool, sessionList));
    expect(summary).toMeetSlo(SESSION_LIST.slo);
  });
});
