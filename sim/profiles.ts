import { z } from 'zod';
import { SimulatorError } from './errors.ts';
import { simConfigSchema, type SimConfig, type SimConfigInput } from './config.ts';

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
 * Named configurations. `reference` follows the API reference (real quotas, realistic times);
 * `healthy` meets every SLO at the suite's target rates with the pressure environment's limits;
 * `seed-report` reproduces the stress-test report's faults; `fast` is `reference` with tiny
 * service times, for contract tests.
 */
export const PROFILES = {
  reference: {},
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
  },
  'seed-report': {
    ...PRESSURE_LIMITS,
    originTimeoutMs: 3_000,
    // speech: 17 workers / ~0.27 s ≈ 63 voice chats/s, so the maximum stable rate sits just under
    // the report's 70; at 70/s the queue grows ~7/s and passes the 3 s origin timeout (524) in ~27 s.
    workers: { api: 256, silo: 256, auth: 64, speech: 17, storage: 32 },
    sessionBytes: 32 * 1024,
    // The QA team's ~30,000 accounts plus organic users: the unindexed email scan walks them all.
    seedUsers: 200_000,
    idleGcMs: 2_000,
    faults: {
      guestChatWarmupMs: 2_000,
      emailLookup: 'scan',
      // 70/s × 13 ms and 10/s × 90 ms of synchronous CPU: ~90% of a core at the report's rates.
      redeemCpuMs: 13,
      accountPutCpuMs: 90,
      // 4 µs per session held (none is freed), capped at 10 ms: create-session at 100/s passes 80% of a core by ~2,000 sessions
      // and tops out just above a core (≈110%), so it queues without locking the whole suite up.
      createSessionCpuUsPerHeld: 4,
      createSessionCpuMaxMs: 10,
      sessionLeak: true,
      userChatExtraTtft: { medianMs: 1_200, p95Ms: 2_000 },
    },
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
