import { describe, expect } from 'vitest';
import { endpoint, test } from '../helpers/perf-test.ts';

const GUEST_CREATE_SESSION = endpoint('guest-create-session');

describe(GUEST_CREATE_SESSION.route, () => {
  test('a new guest opens a session from its own IP', async ({ run, api, guests }) => {
    const summary = await run(GUEST_CREATE_SESSION, (ctx) => ctx.request(api.guestCreateSession(guests.fresh())));
    expect(summary).toMeetSlo(GUEST_CREATE_SESSION.slo);
  });
});
