import { describe, expect } from 'vitest';
import { sessionInfoFlow } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const SESSION_INFO = endpoint('session-info');

describe(SESSION_INFO.route, () => {
  test('a logged-in user opens one of their sessions', async ({ run, api, pool, sessions }) => {
    const summary = await run(SESSION_INFO, (ctx) => sessionInfoFlow(ctx, api, pool, sessions));
    expect(summary).toMeetSlo(SESSION_INFO.slo);
  });
});
