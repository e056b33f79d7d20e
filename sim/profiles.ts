import { z } from 'zod';
import { SimulatorError } from './errors.ts';
import { simConfigSchema, type SimConfig, type SimConfigInput } from './config.ts';
import { seedReportFaultConfig } from './faults.ts';

/** Limits of the pressure environment, so a load test is not stopped by the real quotas. */
const PRESSURE_LIMITS = {
  guestChatLimit: 1_000_000_000,
  initialCredits: 1_000_000_000,
  messageQuota: 1_000_000_000,
  subscriberMessageQuota: 1_000_000_000,
  voiceQuota: 1_000_000_000,
  uploadDailyLimit: 1_000_000_000,
} satisfies SimConfigInput;

/**
 * A new user's first call activates its grains and writes its initialised account (credits,
 * profile) to storage: ~30 ms more than an old user's call, and ~3 ms of silo CPU.
 */
const NEW_USER_INIT = { newUserInitMs: 30, newUserInitCpuMs: 3 } satisfies SimConfigInput;

/**
 * Named configurations. `reference` follows the API reference (real quotas, realistic times);
 * `healthy` meets every SLO at the suite's target rates with the pressure environment's limits;
 * `seed-report` reproduces the stress-test report's faults (`sim/faults.ts`); `fast` is `reference` with tiny
 * service times, for contract tests.
 */
export const PROFILES = {
  reference: { ...NEW_USER_INIT },
  healthy: {
    ...PRESSURE_LIMITS,
    workers: { api: 256, silo: 256, auth: 64, speech: 64, storage: 32 },
    sessionBytes: 8 * 1024,
    maxSessionsTotal: 10_000,
    sessionIdleTtlMs: 120_000,
    // Grain activations idle 5 s are deactivated and memory is collected 2 s after traffic stops,
    // so a leak check's cool-down sees memory come back.
    activationIdleMs: 5_000,
    idleGcMs: 2_000,
    ...NEW_USER_INIT,
  },
  'seed-report': {
    ...PRESSURE_LIMITS,
    // Every fault of the report: what each reproduces, where it acts and how to turn it off are in sim/faults.ts.
    ...NEW_USER_INIT,
    ...seedReportFaultConfig(),
    // Memory is collected 2 s after traffic stops, so a leak check sees memory really held.
    idleGcMs: 2_000,
  },
  fast: {
    timeScale: 0.01,
    llmOverrides: { tokensMin: 20, tokensMax: 30 },
  },
} as const satisfies Record<string, SimConfigInput>;
export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(PROFILES, name);
}

/** Build a full config from a profile name plus overrides (overrides win; `faults` merge field by field). */
export function buildConfig(profile: string = 'healthy', overrides: SimConfigInput = {}): SimConfig {
  if (!isProfileName(profile)) {
    throw new SimulatorError(`profile: unknown simulator profile "${profile}" (expected one of ${PROFILE_NAMES.join(', ')})`);
  }
  const base: SimConfigInput = PROFILES[profile];
  const merged: SimConfigInput = {
    ...base,
    ...overrides,
    profile,
    workers: { ...(base.workers ?? {}), ...(overrides.workers ?? {}) },
    faults: { ...(base.faults ?? {}), ...(overrides.faults ?? {}) },
    llmOverrides: { ...(base.llmOverrides ?? {}), ...(overrides.llmOverrides ?? {}) },
  };
  const parsed = simConfigSchema.safeParse(merged);
  if (!parsed.success) throw new SimulatorError(`invalid simulator config: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
