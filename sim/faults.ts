import type { SimConfigInput } from './config.ts';

/** One fault of the `seed-report` profile: what it reproduces, the settings that make it, where it acts, how to turn it off. */
export interface SeedReportFault {
  /** Stable name, as listed in docs/SIMULATOR.md. */
  id: string;
  /** The stress-test report's finding it reproduces. */
  reproduces: string;
  /** Config that turns it on; `seed-report` is the pressure-environment limits plus every fault's `on`. */
  on: SimConfigInput;
  /** Config overrides (`SIM_CONFIG`, `--config`, `config`) that turn it off in `seed-report`. */
  off: SimConfigInput;
  /** Where the simulator applies it. */
  appliedIn: string;
}

/** Every fault of `seed-report`, in the order of docs/SIMULATOR.md. */
export const SEED_REPORT_FAULTS = [
  {
    id: 'guest-chat-warmup',
    reproduces: 'guest chat answers 500 when it comes within ~2 s of its create-session',
    on: { faults: { guestChatWarmupMs: 2_000 } },
    off: { faults: { guestChatWarmupMs: 0 } },
    appliedIn: 'sim/routes/guest.ts (guest chat)',
  },
  {
    id: 'voice-524',
    reproduces: 'voice chat gets 524s from ~70 QPS',
    // 17 speech workers / ~0.27 s ≈ 63 voice chats/s: the maximum stable rate sits just under the
    // report's 70; at 70/s the queue grows ~7/s and passes the 3 s origin timeout (524) in ~27 s.
    on: { originTimeoutMs: 3_000, workers: { speech: 17 } },
    off: { originTimeoutMs: 100_000, workers: { speech: 64 } },
    appliedIn: "sim/model.ts (the speech backend's workers and the gateway's origin timeout, for every route)",
  },
  {
    id: 'email-scan',
    reproduces: 'high CPU on /connect/token: the user is found by email without an index',
    // The QA team's ~30,000 accounts plus organic users: the unindexed scan walks them all.
    on: { faults: { emailLookup: 'scan' }, seedUsers: 200_000 },
    off: { faults: { emailLookup: 'index' }, seedUsers: 0 },
    appliedIn: 'sim/routes/auth.ts (password grant) → sim/state.ts findUserByEmail',
  },
  {
    id: 'redeem-cpu',
    reproduces: 'CPU burn on invitation redeem (maximum stable 70 QPS)',
    // 70/s × 13 ms of synchronous CPU: ~90% of a core at the report's rate.
    on: { faults: { redeemCpuMs: 13 } },
    off: { faults: { redeemCpuMs: 0 } },
    appliedIn: 'sim/routes/invitation.ts (redeem)',
  },
  {
    id: 'account-put-cpu',
    reproduces: 'CPU burn on account PUT (maximum stable 10 QPS)',
    // 10/s × 90 ms of synchronous CPU: ~90% of a core at the report's rate.
    on: { faults: { accountPutCpuMs: 90 } },
    off: { faults: { accountPutCpuMs: 0 } },
    appliedIn: 'sim/routes/account.ts (PUT)',
  },
  {
    id: 'create-session-cpu',
    reproduces: 'high CPU on logged-in create-session',
    // 4 µs per session held (none is freed), capped at 10 ms: at 100/s it passes 80% of a core by
    // ~2,000 sessions and tops out just above a core (≈110%), so it queues without locking the suite up.
    on: { faults: { createSessionCpuUsPerHeld: 4, createSessionCpuMaxMs: 10 } },
    off: { faults: { createSessionCpuUsPerHeld: 0 } },
    appliedIn: 'sim/routes/chat.ts (create-session)',
  },
  {
    id: 'session-leak',
    reproduces: 'memory not released for over an hour after chat: sessions are never freed',
    on: { faults: { sessionLeak: true }, sessionBytes: 32 * 1024 },
    off: { faults: { sessionLeak: false }, sessionBytes: 16 * 1024 },
    appliedIn: 'sim/state.ts (session caps, idle expiry, deactivation and delete are skipped)',
  },
  {
    id: 'new-user-cpu',
    reproduces: 'high silo CPU for new users at 20 QPS (item 8 of the report)',
    // 20 new users/s × 45 ms of synchronous CPU on their first call: ~90% of a core at the report's rate.
    on: { newUserInitCpuMs: 45 },
    off: { newUserInitCpuMs: 3 },
    appliedIn: "sim/mvc.ts initialiseNewUser (a new user's first authenticated call of any route)",
  },
  {
    id: 'slow-user-chat',
    reproduces: 'slow logged-in chat: time to first token well above guest chat',
    on: { faults: { userChatExtraTtft: { medianMs: 1_200, p95Ms: 2_000 } } },
    off: { faults: { userChatExtraTtft: { medianMs: 0, p95Ms: 0 } } },
    appliedIn: 'sim/routes/chat.ts (/api/gotgpt/chat)',
  },
] as const satisfies readonly SeedReportFault[];

/** Merges configs the way `buildConfig` merges overrides: top-level keys replace, `faults` and `workers` merge field by field. */
export function mergeFaultConfigs(configs: readonly SimConfigInput[]): SimConfigInput {
  const out: SimConfigInput = {};
  for (const c of configs) {
    const { faults, workers } = out;
    Object.assign(out, c);
    if (c.faults) out.faults = { ...faults, ...c.faults };
    if (c.workers) out.workers = { ...workers, ...c.workers };
  }
  return out;
}

/** What `seed-report` adds for its faults: every fault's `on`. */
export function seedReportFaultConfig(): SimConfigInput {
  return mergeFaultConfigs(SEED_REPORT_FAULTS.map((f) => f.on));
}
