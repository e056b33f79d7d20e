import type { JourneyMixDef } from '../../helpers/journey.ts';
import { GUEST_JOURNEY } from './guest.ts';
import { USER_JOURNEY } from './user.ts';

/**
 * The default mix: guests and logged-in users arriving together, each running their journey to
 * its end. `PERF_MIX_GUEST` / `PERF_MIX_USER` override the weights, `PERF_RATE_SCALE` the rate.
 */
export const MIX = {
  id: 'journeys',
  title: 'the release gate: guests and users on their journeys, all endpoints at once',
  journeys: [GUEST_JOURNEY, USER_JOURNEY],
  usersPerS: 20,
  why:
    "20 users/s: about 2 chats each, so 40 chat streams/s (guest and user), 40% of the report's 100/s per chat endpoint alone, with every other endpoint loaded at once; the system's real mixed capacity is what the issue's capacity search will find",
  connections: 512,
  timeoutMs: 120_000,
} as const satisfies JourneyMixDef;
