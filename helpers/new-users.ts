import { WARMUP_S } from './run-endpoint.ts';
import type { ResolvedEndpoint } from './resolve-endpoint.ts';

/** Logins a new-user run will make (half the ramp, the hold and the warm-up), with a 15% margin. */
export function newUsersNeeded(endpoint: ResolvedEndpoint): number {
  const ramp = endpoint.stages.length > 1 ? endpoint.stages[0]!.durationS / 2 : 0;
  return Math.ceil((ramp + endpoint.profile.holdS + WARMUP_S) * endpoint.holdRps * 1.15) + 20;
}
