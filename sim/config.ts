import { z } from 'zod';
import { BACKENDS, LLM_MODELS, type Backend, type EndpointKey, type LlmModel, type ServiceTime } from './model.ts';

const ms = z.number().nonnegative();
const count = z.int().nonnegative();
const distribution = z.object({ medianMs: ms, p95Ms: ms });

/** Deliberate faults (all off by default; the `seed-report` profile turns them on). */
export const faultsSchema = z.object({
  /** A guest chat within this many ms of its create-session fails with 500. @default 0 */
  guestChatWarmupMs: ms.default(0),
  /** How `/connect/token` finds a user by email: a map (`index`) or a linear scan (`scan`). @default 'index' */
  emailLookup: z.enum(['index', 'scan']).default('index'),
  /** Synchronous CPU burnt by each invitation redeem. @default 0 */
  redeemCpuMs: ms.default(0),
  /** Synchronous CPU burnt by each account PUT. @default 0 */
  accountPutCpuMs: ms.default(0),
  /**
   * CPU burnt by each logged-in create-session per session the silo holds (the collector walks
   * every activation, and none is ever freed under `sessionLeak`), in microseconds. @default 0
   */
  createSessionCpuUsPerHeld: ms.default(0),
  /** Cap of the create-session CPU above, ms. @default 10 */
  createSessionCpuMaxMs: ms.default(10),
  /** Sessions are never freed (no cap, no idle expiry, not even on delete). @default false */
  sessionLeak: z.boolean().default(false),
  /** Extra time to first token of logged-in chat. @default { medianMs: 0, p95Ms: 0 } */
  userChatExtraTtft: distribution.default({ medianMs: 0, p95Ms: 0 }),
});
export type Faults = z.infer<typeof faultsSchema>;

/** Everything the simulator can be told; a profile is a partial of this. */
export const simConfigSchema = z.object({
  /** Profile the config was built from (informational). @default 'healthy' */
  profile: z.string().default('healthy'),
  /** Multiplies every service time and LLM delay (0.01 for fast tests). @default 1 */
  timeScale: z.number().positive().default(1),
  /** The gateway answers 524 when the origin has not sent headers within this time. @default 100000 */
  originTimeoutMs: z.number().positive().default(100_000),
  /** Workers per backend; above `workers / mean service time` requests queue. */
  workers: z.object({
    api: z.int().positive().default(256),
    silo: z.int().positive().default(256),
    auth: z.int().positive().default(64),
    speech: z.int().positive().default(64),
    storage: z.int().positive().default(32),
  }).default({ api: 256, silo: 256, auth: 64, speech: 64, storage: 32 }),
  /** Per-endpoint service-time overrides (merged over `SERVICE_TIMES`). @default {} */
  serviceTimes: z.record(z.string(), z.object({ backend: z.enum(BACKENDS).optional(), medianMs: ms.optional(), p95Ms: ms.optional() })).default({}),
  /** LLM behind chat. @default 'mocked' */
  llm: z.enum(['mocked', 'real-llm']).default('mocked'),
  /** Overrides of the chosen LLM model's parameters. @default {} */
  llmOverrides: z.object({
    ttftMedianMs: ms.optional(), ttftP95Ms: ms.optional(), tokensPerSMin: z.number().positive().optional(),
    tokensPerSMax: z.number().positive().optional(), tokensMin: count.optional(), tokensMax: count.optional(), prefillMsPerToken: z.number().finite().min(0).max(1000).optional(),
    concurrency: count.optional(), rateLimitRatio: z.number().min(0).max(1).optional(), rateLimitLatencyMs: ms.optional(),
    timeoutRatio: z.number().min(0).max(1).optional(), upstreamTimeoutMs: z.number().positive().optional(),
    maxRetries: count.optional(), retryBackoffMs: ms.optional(),
  }).default({}),
  /**
   * A real OpenAI-compatible model to stream replies from instead of the LLM model
   * (`SIM_LLM_URL`, `SIM_LLM_API_KEY`, `SIM_LLM_MODEL`). @default undefined
   */
  llmEndpoint: z.object({ url: z.url(), apiKey: z.string().optional(), model: z.string().min(1).default('gpt-4o-mini') }).optional(),
  /** Pressure build (ST-P): body `ip`/`userId` overrides, no session-ownership check. @default false */
  pressureMode: z.boolean().default(false),
  /** Guest chats per IP (reference: 3). @default 3 */
  guestChatLimit: count.default(3),
  /** Reset a guest's chat count after this long; 0 never resets (as the code does). @default 0 */
  guestLimitResetMs: ms.default(0),
  /**
   * Extra service time of a new user's first authenticated call: its grains are activated for the
   * first time and its account initialised (state written to storage), ms before `timeScale`. @default 0
   */
  newUserInitMs: ms.default(0),
  /** Synchronous silo CPU of that first call, ms (`seed-report` raises it: `new-user-cpu`). @default 0 */
  newUserInitCpuMs: ms.default(0),
  /** Credits of a new user. @default 320 */
  initialCredits: count.default(320),
  /** Credits charged per message (non-subscribers). @default 10 */
  creditsPerMessage: count.default(10),
  /** Non-subscriber text messages per quota window. @default 25 */
  messageQuota: count.default(25),
  /** Subscriber text messages per quota window. @default 50 */
  subscriberMessageQuota: count.default(50),
  /** Non-subscriber voice messages per quota window. @default 10 */
  voiceQuota: count.default(10),
  /** Quota window (buckets refill continuously over it). @default 10800000 (3 h) */
  quotaWindowMs: z.number().positive().default(3 * 3600_000),
  /** Largest accepted upload. @default 10485760 (10 MiB) */
  uploadMaxBytes: z.int().positive().default(10 * 1024 * 1024),
  /** Uploads per user per UTC day (the real value is unknown). @default 20 */
  uploadDailyLimit: count.default(20),
  /** Largest JSON body (voice chat has its own limit). @default 1048576 */
  jsonBodyLimitBytes: z.int().positive().default(1024 * 1024),
  /** Largest voice-chat JSON body (base64 audio). @default 8388608 */
  voiceBodyLimitBytes: z.int().positive().default(8 * 1024 * 1024),
  /** Access-token lifetime (`exp - iat` of the six captured real tokens, §20). @default 172799 */
  tokenLifetimeS: z.int().positive().default(172_799),
  /** Refresh-token lifetime. @default 1209600 (14 days) */
  refreshTokenLifetimeS: z.int().positive().default(14 * 86400),
  /** A refresh token is single-use: each refresh returns a new one. @default true */
  refreshTokenRotation: z.boolean().default(true),
  /** Status of `POST /api/godgpt/chat` (no such route; UNCONFIRMED 404 or 405). @default 404 */
  postGodgptChatStatus: z.int().min(400).max(599).default(404),
  /**
   * How wrapped (MVC) endpoints answer errors: `envelope` is the real API's HTTP 200 with the error
   * `code` in the body (§20); `http` uses `errorEnvelopeStatus` instead. 401 stays 401 and the
   * streaming endpoints keep their plain-text HTTP errors either way. @default 'envelope'
   */
  errorStatus: z.enum(['envelope', 'http']).default('envelope'),
  /** HTTP status of error envelopes under `errorStatus: 'http'`. @default 400 */
  errorEnvelopeStatus: z.int().min(200).max(599).default(400),
  /** Images allowed per chat message. @default 10 */
  maxImagesPerChat: count.default(10),
  /**
   * Extra time to first token of a chat per image it carries (the service reads the image, the
   * model reads its tokens before answering; an assumption, docs/SIMULATOR.md), before `timeScale`.
   * @default { medianMs: 300, p95Ms: 700 }
   */
  chatImageTtft: distribution.default({ medianMs: 300, p95Ms: 700 }),
  /**
   * Service time of `session-list` per item returned, µs (the grain call and the serialisation of
   * a long list: 3,943 items were 595 KB, §20). @default 5
   */
  sessionListItemUs: z.number().nonnegative().default(5),
  /** Payload bytes each live session holds in memory. @default 16384 */
  sessionBytes: count.default(16 * 1024),
  /**
   * Sessions whose state stays in memory (payload and chat history); past it the least recently
   * used go cold (the payload is dropped, the chat history is kept in its stored form). There is
   * no cap per user: a user may hold thousands of sessions (§20). @default 10000
   */
  maxSessionsTotal: z.int().positive().default(10_000),
  /**
   * Sessions idle this long go cold: their payload is dropped and their chat history kept in its
   * stored form (grain state persists, §20), the session stays (session-list, session-info and
   * chat history still answer for it); guest sessions are freed. 0 keeps them. @default 300000
   */
  sessionIdleTtlMs: ms.default(300_000),
  /**
   * A session's in-memory state (its payload, the grain activation) is dropped after this long
   * idle and reloaded on next use; the session itself stays. 0 keeps activations. @default 0
   */
  activationIdleMs: ms.default(0),
  /**
   * After this long without API traffic, run one full garbage collection (when memory was used or
   * freed since the last one), like a runtime's idle-time GC; 0 leaves GC to V8. @default 0
   */
  idleGcMs: ms.default(0),
  /** A redeeming user is eligible for the new-user reward this long after sign-up. @default 604800000 (7 days) */
  inviteeEligibleMs: ms.default(7 * 86400_000),
  /** Credits the inviter earns per valid invite. @default 30 */
  inviteRewardCredits: count.default(30),
  /** Users created at start-up (`<seedEmailPrefix><n>@<seedEmailDomain>`), before any test user. @default 0 */
  seedUsers: count.default(0),
  /** @default 'simuser' */
  seedEmailPrefix: z.string().min(1).default('simuser'),
  /** @default 'teml.net' */
  seedEmailDomain: z.string().min(1).default('teml.net'),
  /** Shared password of seeded users. @default 'Passw0rd!' */
  seedPassword: z.string().min(1).default('Passw0rd!'),
  /** Expose `/_sim/*` admin routes. @default true */
  adminRoutes: z.boolean().default(true),
  /** Seed of the random generator (0 = random). @default 0 */
  randomSeed: z.int().nonnegative().default(0),
  /** Version string of `GET /api/godgpt/query-version`. @default '1.27.1' */
  version: z.string().default('1.27.1'),
  faults: faultsSchema.default(faultsSchema.parse({})),
});
export type SimConfig = z.infer<typeof simConfigSchema>;
export type SimConfigInput = z.input<typeof simConfigSchema>;

export function resolveServiceTime(config: SimConfig, key: EndpointKey, base: ServiceTime): ServiceTime {
  const o = config.serviceTimes[key];
  const t = o ? { ...base, ...o } : base;
  return { backend: t.backend as Backend, medianMs: t.medianMs * config.timeScale, p95Ms: t.p95Ms * config.timeScale };
}

export function resolveLlm(config: SimConfig): LlmModel {
  const base = { ...LLM_MODELS[config.llm], ...config.llmOverrides };
  const t = config.timeScale;
  return {
    ...base,
    ttftMedianMs: base.ttftMedianMs * t, ttftP95Ms: base.ttftP95Ms * t, prefillMsPerToken: base.prefillMsPerToken * t, tokensPerSMin: base.tokensPerSMin / t, tokensPerSMax: base.tokensPerSMax / t,
    rateLimitLatencyMs: base.rateLimitLatencyMs * t, upstreamTimeoutMs: base.upstreamTimeoutMs * t, retryBackoffMs: base.retryBackoffMs * t,
  };
}
