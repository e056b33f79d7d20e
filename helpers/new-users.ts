import { WARMUP_S } from './run-endpoint.ts';
import type { ResolvedEndpoint } from './resolve-endpoint.ts';

/**
 * Iterations a run of `endpoint` starts (half the ramp, the hold and the warm-up at the hold rate),
 * with a 15% margin: what set-up that one request uses up (a login, a session to delete) prepares.
 */
export function iterationsNeeded(endpoint: Pick<ResolvedEndpoint, 'stages' | 'profile' | 'holdRps'>): number {
  const ramp = endpoint.stages.length > 1 ? endpoint.stages[0]!.durationS / 2 : 0;
  return Math.ceil((ramp + endpoint.profile.holdS + WARMUP_S) * endpoint.holdRps * 1.15) + 20;
}

/** Logins a new-user run will make: one per iteration (`iterationsNeeded`). */
export function newUsersNeeded(endpoint: ResolvedEndpoint): number {
  return iterationsNeeded(endpoint);
}
