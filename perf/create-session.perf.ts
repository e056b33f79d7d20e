import { describe, expect } from 'vitest';
import { asUser, perToken } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const CREATE_SESSION = endpoint('create-session');

describe(CREATE_SESSION.route, () => {
  test('a logged-in user starts a new conversation', async ({ run, api, pool }) => {
    const createSession = perToken((token) => api.createSession(token));
    const summary = await run(CREATE_SESSION, (ctx) => asUser(ctx, pool, createSession));
    expect.soft(summary).toMeetSlo(CREATE_SESSION.slo);
    expect.soft(summary).toReleaseMemory();
  });
});
