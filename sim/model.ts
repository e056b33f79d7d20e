/**
 * Latency and capacity model of the simulated GodGPT deployment, one row per endpoint.
 *
 * Each request waits for a worker of its backend, holds it for a service time drawn from a
 * lognormal distribution (given by its median and p95), then answers. With more arrivals than
 * `workers / mean service time` the queue grows and latency climbs; past the gateway's origin
 * timeout the client gets a Cloudflare-style 524. Streams hold the worker only until the first
 * chunk (the headers go out with it); the LLM then streams without a worker.
 * Service time is simulated with timers, not CPU (faults in `profiles.ts` burn real CPU).
 */

/** Backends with a limited number of workers. */
export const BACKENDS = ['api', 'silo', 'auth', 'speech', 'storage'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface ServiceTime {
  backend: Backend;
  /** Median service time. */
  medianMs: number;
  /** 95th percentile service time (≥ median). */
  p95Ms: number;
}

/** Endpoint keys used by the router, the model and the profiles. */
export type EndpointKey =
  | 'guestCreateSession' | 'guestChat' | 'guestLimits'
  | 'createSession' | 'userChat' | 'voiceChat'
  | 'sessionList' | 'sessionSearch' | 'sessionInfo' | 'chatHistory' | 'deleteSession' | 'renameSession'
  | 'share' | 'shareGet' | 'shareKeyword'
  | 'accountGet' | 'accountPut' | 'accountDelete' | 'showToast' | 'voiceSet' | 'canUploadImage' | 'queryVersion'
  | 'paymentList' | 'paymentProducts' | 'paymentIapProducts' | 'paymentKeys' | 'hasActiveSubscription' | 'hasAppleSubscription'
  | 'verifyReceipt' | 'createCheckoutSession' | 'cancelSubscription'
  | 'invitationRedeem' | 'invitationInfo' | 'creditsHistory'
  | 'userInfo' | 'userId'
  | 'blobUpload' | 'blobDelete'
  | 'token' | 'register' | 'sendRegisterCode' | 'checkEmail' | 'logout';

const s = (backend: Backend, medianMs: number, p95Ms: number): ServiceTime => ({ backend, medianMs, p95Ms });

/**
 * Base service times (before a profile's `timeScale`). Chat rows are the time to the first chunk
 * excluding the LLM's own time to first token, which comes from the LLM model.
 */
export const SERVICE_TIMES: Record<EndpointKey, ServiceTime> = {
  guestCreateSession:   s('silo',    40,  120),
  guestChat:            s('silo',    30,   80),
  guestLimits:          s('silo',     8,   25),
  createSession:        s('silo',    35,  100),
  userChat:             s('silo',    30,   80),
  voiceChat:            s('speech', 250,  450), // speech-to-text before the transcript chunk
  sessionList:          s('silo',    15,   45),
  sessionSearch:        s('silo',    20,   60),
  sessionInfo:          s('silo',    10,   30),
  chatHistory:          s('silo',    15,   45),
  deleteSession:        s('silo',    20,   60),
  renameSession:        s('silo',    20,   60),
  share:                s('silo',    20,   60),
  shareGet:             s('silo',    15,   45),
  shareKeyword:         s('silo',    40,  120),
  accountGet:           s('silo',    12,   35),
  accountPut:           s('silo',    25,   70),
  accountDelete:        s('silo',    30,   90),
  showToast:            s('silo',    12,   35),
  voiceSet:             s('silo',    12,   35),
  canUploadImage:       s('silo',     8,   25),
  queryVersion:         s('api',      2,    6),
  paymentList:          s('silo',    10,   30),
  paymentProducts:      s('api',      5,   15),
  paymentIapProducts:   s('api',      5,   15),
  paymentKeys:          s('api',      2,    6),
  hasActiveSubscription: s('silo',   10,   30),
  hasAppleSubscription: s('silo',     8,   25),
  verifyReceipt:        s('silo',    60,  180),
  createCheckoutSession: s('silo',   60,  180),
  cancelSubscription:   s('silo',    40,  120),
  invitationRedeem:     s('silo',    20,   60),
  invitationInfo:       s('silo',    12,   35),
  creditsHistory:       s('silo',    12,   35),
  userInfo:             s('api',      8,   25),
  userId:               s('api',      2,    6),
  blobUpload:           s('storage', 80,  200),
  blobDelete:           s('storage', 30,   90),
  token:                s('auth',    30,   80),
  register:             s('auth',    60,  150),
  sendRegisterCode:     s('auth',    40,  100),
  checkEmail:           s('auth',    10,   30),
  logout:               s('auth',     5,   15),
};

/** Sample a lognormal service time given its median and p95, in ms. */
export function sampleLognormalMs(medianMs: number, p95Ms: number, rand: () => number): number {
  if (medianMs <= 0) return 0;
  const sigma = p95Ms > medianMs ? Math.log(p95Ms / medianMs) / 1.6448536 : 0;
  return medianMs * Math.exp(sigma * standardNormal(rand));
}

function standardNormal(rand: () => number): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The LLM behind chat: time to first token, token rate, reply length, and the upstream's limits. */
export interface LlmModel {
  ttftMedianMs: number;
  ttftP95Ms: number;
  tokensPerSMin: number;
  tokensPerSMax: number;
  tokensMin: number;
  tokensMax: number;
  /** Prefill: time to first token added per input token, ms (docs/SIMULATOR.md, "real-llm"). */
  prefillMsPerToken: number;
  /** Streams the upstream model serves at once per deployment; more wait in a FIFO queue (0 = no limit). */
  concurrency: number;
  /** Share of upstream calls answered 429 (rate limited), retried by the service. */
  rateLimitRatio: number;
  /** Time until a 429 comes back, ms. */
  rateLimitLatencyMs: number;
  /** Share of upstream calls that time out, retried by the service. */
  timeoutRatio: number;
  /** The service's upstream timeout, ms (a timed-out call costs this long). */
  upstreamTimeoutMs: number;
  /** Retries after the first failed call; then the chat fails. */
  maxRetries: number;
  /** Back-off before the first retry, doubled on each next one, ms. */
  retryBackoffMs: number;
}

const NO_UPSTREAM_LIMITS = { concurrency: 0, rateLimitRatio: 0, rateLimitLatencyMs: 0, timeoutRatio: 0, upstreamTimeoutMs: 60_000, maxRetries: 2, retryBackoffMs: 500 };

export const LLM_MODELS = {
  /** The pressure environment's mocked LLM: a whole stream takes about 1.7 s, no upstream limits. */
  mocked: { ttftMedianMs: 300, ttftP95Ms: 450, tokensPerSMin: 75, tokensPerSMax: 95, tokensMin: 100, tokensMax: 130, prefillMsPerToken: 0, ...NO_UPSTREAM_LIMITS },
  /**
   * A hosted model under load; every figure and its source is in docs/SIMULATOR.md ("real-llm"):
   * TTFT median 0.8 s, p95 2.2 s; 25 to 80 output tokens/s; 32 streams per deployment (a 600 RPM
   * deployment, 10 requests/s, times about 3 s per stream); 1% rate limited, 0.5% timed out.
   */
  'real-llm': {
    ttftMedianMs: 800, ttftP95Ms: 2200, tokensPerSMin: 25, tokensPerSMax: 80, tokensMin: 100, tokensMax: 400, prefillMsPerToken: 0.2,
    concurrency: 32, rateLimitRatio: 0.01, rateLimitLatencyMs: 50, timeoutRatio: 0.005, upstreamTimeoutMs: 30_000, maxRetries: 2, retryBackoffMs: 1_000,
  },
} as const satisfies Record<string, LlmModel>;
export type LlmKind = keyof typeof LLM_MODELS;

/** Characters per token of the generated text, and characters per SSE chunk. */
export const CHARS_PER_TOKEN = 4;
export const CHARS_PER_CHUNK = 32;

/**
 * Input tokens of a prompt without a tokenizer: about 4 ASCII characters a token, one token per
 * other character (CJK text runs near one token a character in GPT-4o's o200k_base).
 */
export function estimateInputTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / CHARS_PER_TOKEN) + other;
}

/** The time to first token a prompt adds by its length (prefill), ms. */
export function prefillMs(m: Pick<LlmModel, 'prefillMsPerToken'>, prompt: string): number {
  return m.prefillMsPerToken > 0 ? m.prefillMsPerToken * estimateInputTokens(prompt) : 0;
}
