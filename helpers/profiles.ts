import { ConfigError, type Stage } from '../src/index.ts';
import type { Priority } from './priority-effects.ts';

/** Load profile names accepted by `PERF_PROFILE`. */
export const PROFILE_NAMES = ['smoke', 'pr', 'full', 'soak'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** How a profile turns an endpoint's target rate into stages. The last stage is the judged steady hold. */
export interface LoadProfile {
  name: ProfileName;
  description: string;
  /** Share of the target rate the hold runs at. */
  rateFactor: number;
  /** Floor of the hold rate, per second. */
  minRatePerS: number;
  rampS: number;
  holdS: number;
  /** Memory-sampled cool-down after a leak-checked run (create-session, chat), seconds; 0 skips the leak check. */
  cooldownS: number;
  /** The hold of an endpoint of this priority, seconds, where it differs from `holdS` (a pull request's time goes to P0 first). */
  holdSByPriority?: Partial<Record<Priority, number>>;
}

/**
 * The profiles. `full` is the load report's protocol (1 min ramp to target, 5 min hold);
 * `smoke` keeps the whole suite (one file per endpoint) under ~4 minutes including set-up.
 */
export const PROFILES: Record<ProfileName, LoadProfile> = {
  smoke: {
    name: 'smoke', description: '1 s ramp + 3 s hold (P2: 2 s) at 10% of target (>= 2/s), for CI',
    rateFactor: 0.1, minRatePerS: 2, rampS: 1, holdS: 3, cooldownS: 0, holdSByPriority: { P2: 2 },
  },
  pr: {
    name: 'pr', description: '3 s ramp + hold at target: 20 s for P0, 15 s for P1, 8 s for P2, for pull requests',
    rateFactor: 1, minRatePerS: 1, rampS: 3, holdS: 20, cooldownS: 10, holdSByPriority: { P1: 15, P2: 8 },
  },
  full: { name: 'full', description: 'ramp to target over 1 min, hold 5 min (the load report protocol)', rateFactor: 1, minRatePerS: 1, rampS: 60, holdS: 300, cooldownS: 60 },
  soak: { name: 'soak', description: 'ramp over 1 min, hold 1 h at target, to expose leaks', rateFactor: 1, minRatePerS: 1, rampS: 60, holdS: 3600, cooldownS: 120 },
};

/** Looks a profile up by name; an unknown name is a `ConfigError` naming `PERF_PROFILE`. */
export function getProfile(name: string): LoadProfile {
  const profile = (PROFILES as Record<string, LoadProfile | undefined>)[name.trim().toLowerCase()];
  if (!profile) {
    throw new ConfigError(`PERF_PROFILE="${name}" is not a load profile; expected one of ${PROFILE_NAMES.join(', ')}`);
  }
  return profile;
}

/** The rate a profile holds for an endpoint whose (scaled) target is `targetRps`. */
/** The profile as it applies to an endpoint of `priority`: its hold for that priority. */
export function profileFor(profile: LoadProfile, priority: Priority | undefined): LoadProfile {
  const holdS = priority !== undefined ? profile.holdSByPriority?.[priority] : undefined;
  return holdS === undefined ? profile : { ...profile, holdS };
}

export function holdRate(profile: LoadProfile, targetRps: number): number {
  const rate = targetRps * profile.rateFactor;
  return Math.max(profile.minRatePerS, Math.round(rate * 100) / 100);
}

/** Arrival-rate stages: a linear ramp from 0, then the hold (the judged steady stage). */
export function profileStages(profile: LoadProfile, targetRps: number): Stage[] {
  const rate = holdRate(profile, targetRps);
  const stages: Stage[] = [];
  if (profile.rampS > 0) stages.push({ durationS: profile.rampS, target: rate });
  stages.push({ durationS: profile.holdS, target: rate });
  return stages;
}

/** Seconds a run of this profile takes (warm-up excluded). */
export function profileDurationS(profile: LoadProfile): number {
  return profile.rampS + profile.holdS;
}
