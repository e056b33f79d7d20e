import type { IterationContext, Scenario, Slo, ThinkTime } from '../src/index.ts';
import type { TokenPool } from './auth/token-pool.ts';
import type { Effect, Priority } from './priority-effects.ts';
import type { GodGptApi } from './client/api.ts';
import type { GodGptClient } from './client/godgpt-client.ts';
import type { FreshUsers } from './auth/fresh-users.ts';
import type { GuestIpPool } from './seed/guest-ips.ts';
import type { HeavyUser } from './seed/heavy-user.ts';
import type { InviteCodes } from './seed/invite-codes.ts';
import type { SessionBook } from './seed/sessions.ts';

/** A scenario whose result is ignored (`(ctx) => ctx.request(spec)` reads like k6). */
export type LooseScenario = (ctx: IterationContext) => Promise<unknown>;

/**
 * What a scenario is built from: the suite's request builders and its users, sessions and codes,
 * each set up on first use, before the measured run.
 */
export interface ScenarioKit {
  /** Request builders (absolute URLs, response checks included). */
  api: GodGptApi;
  /** Logged-in users ("old users"), round-robin, refreshed before expiry and after a 401. */
  pool(): Promise<TokenPool>;
  /** One pre-created session per pooled user. */
  sessions(): Promise<SessionBook>;
  /** Invite codes harvested from pooled users. */
  inviteCodes(): Promise<InviteCodes>;
  /** One user outside the pool holding ~4,000 sessions (the report's "负载3943"), seeded before the run. */
  heavyUser(): Promise<HeavyUser>;
  /** Simulated guest IPs (`X-Forwarded-For`). */
  guests: GuestIpPool;
  /** Users with no token yet ("new users"), as many as this endpoint's run logs in. */
  newUsers(): Promise<FreshUsers>;
  /** Set-up calls (own connections, never measured), for what a scenario prepares before its run. */
  setup: GodGptClient;
  /** Iterations this scenario's run starts (warm-up, half the ramp, the hold; 15% margin): how much one-use set-up to prepare. */
  iterations: number;
  /**
   * The e-mail verification code a registration is sent with: `PERF_REGISTER_CODE`, else the
   * embedded simulator's own; against another target without it, throws a `ScenarioSkip` (the test
   * is skipped with that reason, before any request).
   */
  registerCode(): string;
  /** Round-robin meditation prompts, English and Chinese. */
  prompt: () => string;
  /** Draws this endpoint's think time, ms (0 without one): a flow sleeps it with `ctx.sleep`, never measured. */
  think: () => number;
}

/** Who drives a scenario: anonymous guests, pooled logged-in users, or users logging in for the first time. */
export type Users = 'guests' | 'old users' | 'new users';

/** One scenario of an endpoint: its test's name, who calls, and how its iteration is built. */
export interface ScenarioDef {
  /** The test's name, a sentence (`a logged-in user loads their account`); names the results file. */
  name: string;
  users: Users;
  /** Sets up what the scenario needs (outside the measured run) and returns one iteration. */
  build: (kit: ScenarioKit) => Promise<LooseScenario>;
  /** Bounds this scenario sets over the endpoint's (`PERF_SLO_<ID>` still wins). @default none */
  slo?: Slo;
  /** This scenario's own target rate, when the endpoint's cannot apply (`PERF_RATE_<ID>` still wins). @default the endpoint's */
  targetRps?: number;
  /** Why this scenario's own bounds are what they are, one line per key of `slo`. */
  why?: SloReasons;
}

/** Why each bound is what it is: one line per key of `Slo` (`latencyMs`, `ttftMs`, ...), and `targetRps` where the target is not the report's. */
export type SloReasons = Partial<Record<keyof Slo | 'targetRps', string>>;

/** One endpoint: what `perf/endpoints/<id>.ts` defines and `perf/<id>.perf.ts` runs. */
export interface EndpointDef<Id extends string = string> {
  /** Stable id, the perf file's base name (`guest-chat` for perf/guest-chat.perf.ts). */
  id: Id;
  /** `METHOD /path` as in the API reference (what the perf file's `describe` is named). */
  route: string;
  /** Its priority in the team's plan (§21); `PERF_PRIORITY=P0,P1` runs only those. */
  priority: Priority;
  /**
   * What its requests do outside the API on a real deployment (`[]`: nothing). Against any target
   * but the embedded simulator its scenarios are skipped unless `PERF_ALLOW_EFFECTS` names each.
   */
  effects: readonly Effect[];
  /** The report's maximum stable rate, before `PERF_RATE_SCALE` and overrides. */
  targetRps: number;
  slo: Slo;
  /** One line per bound this endpoint sets itself; shared bounds take their reason from `SHARED_REASONS`. */
  why: SloReasons;
  sse: boolean;
  /** Connections per origin the run opens (a stream holds one for its whole life). */
  connections: number;
  timeoutMs: number;
  /**
   * Memory must come back after the load (sessions freed): the run is followed by a sampled
   * cool-down, `summary.extra.leak` holds the verdict and `toMeetEndpoint` asserts it.
   */
  leakCheck: boolean;
  /**
   * The pause its flow takes after the set-up step (create-session, login) before the request under
   * test; `PERF_THINK_<ID>` overrides it. Only endpoints that declare one accept `PERF_THINK_<ID>`.
   */
  think?: { time: ThinkTime; why: string };
  /** The endpoint's scenarios, one test each; the first is the one `pnpm perf capacity` searches with. */
  scenarios: readonly [ScenarioDef, ...ScenarioDef[]];
}

/** Declares an endpoint (keeps its id's literal type, for `EndpointId`). Pure: importing a definition has no side effects. */
export function defineEndpoint<const Id extends string>(def: EndpointDef<Id>): EndpointDef<Id> {
  return def;
}

/** The report's criterion: target CPU at most 80% of a core (max of the judged window's 1 s samples). */
const RESOURCES = { resources: { cpuPercent: 80 } } as const;
/** Bounds every JSON endpoint shares: errors, achieved rate, CPU. */
export const JSON_SLO = { errorRate: 0.01, minRateRatio: 0.95, ...RESOURCES } as const satisfies Slo;
/** Bounds every stream shares: `JSON_SLO` plus stream completion. */
export const STREAM_SLO = { ...JSON_SLO, minStreamCompletion: 0.99 } as const satisfies Slo;

/**
 * The goodput bounds the chat streams share: TPOT per stream below 40 ms, and 90% of iterations
 * meeting all of an endpoint's per-request bounds at once (each endpoint adds its TTFT and latency).
 */
export const STREAM_GOODPUT = { tpotMs: 40, minRatio: 0.9 } as const;
/** Why TPOT is bounded at 40 ms p95. */
export const TPOT_REASON =
  'TPOT per output token, (last − first answer chunk) / (tokens − 1) as vLLM and AIPerf define it: the mocked LLM measures 13.5–16.4 ms at p50 and 16.4–18.9 ms at p95 on healthy (o200k tokens): 2x headroom, 25 tokens/s, faster than anyone reads (200 ms per 32-character chunk before issue 20)';
/** Why the goodput bounds are what they are. */
export const GOODPUT_REASON =
  'goodput: 90% of iterations meet TTFT, TPOT and latency at once (the 90% SLO attainment of DistServe, OSDI 2024), per-request bounds as the p95 ones';

/**
 * The pause a user takes between opening a new conversation and sending the first message: 2 s,
 * the pause of the report's own "with sleep" guest-chat run (引入sleep 2 s), after which its error
 * rate at 1 QPS fell below 1%. Typing a real first message takes longer; 2 s is the shortest
 * plausible pause, so the flow holds as few iterations in flight as a real client would at least.
 */
export const FIRST_MESSAGE_THINK: ThinkTime = { kind: 'fixed', ms: 2_000 };

/** Why the shared bounds of `JSON_SLO` and `STREAM_SLO` are what they are. */
export const SHARED_REASONS = {
  errorRate: 'fewer than 1% of scheduled iterations fail (a 200 with a broken body is invalid_body, one whose envelope code is an error is api_error: both are failures)',
  minRateRatio: 'the run reaches 95% of its target rate, or the endpoint did not take the load',
  minStreamCompletion: 'streams complete: the IsLastChunk:true chunk arrives',
  resources: "the report's own criterion: target CPU at most 80% of a core during the hold",
} as const satisfies SloReasons;

/** The reason of each bound of `def.slo` (own reason first, then the shared one); a missing one is `undefined`. */
export function boundReasons(def: EndpointDef): Record<string, string | undefined> {
  const shared: SloReasons = SHARED_REASONS;
  const out: Record<string, string | undefined> = {};
  if (def.why.targetRps) out.targetRps = def.why.targetRps;
  for (const key of Object.keys(def.slo) as (keyof Slo)[]) out[key] = def.why[key] ?? shared[key];
  return out;
}

/** The phases of the report's 新老用户分阶段压测: an endpoint with one scenario of each runs in phases. */
export type Phase = 'old users' | 'new users';

/** `scenario`'s phase when `def` runs in phases (it has an old-user and a new-user scenario); else `undefined`. */
export function phaseOf(def: Pick<EndpointDef, 'scenarios'>, scenario: ScenarioDef): Phase | undefined {
  const users = new Set(def.scenarios.map((s) => s.users));
  if (!users.has('old users') || !users.has('new users')) return undefined;
  return scenario.users === 'guests' ? undefined : scenario.users;
}

/** Builds a scenario against `kit` (its set-up runs now) as the engine's `Scenario`. */
export async function buildScenario(scenario: ScenarioDef, kit: ScenarioKit): Promise<Scenario> {
  const iteration = await scenario.build(kit);
  return async (ctx) => {
    await iteration(ctx);
  };
}
