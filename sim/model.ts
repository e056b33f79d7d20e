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

/** The LLM behind chat: time to first token, token rate and reply length. */
export interface LlmModel {
  ttftMedianMs: number;
  ttftP95Ms: number;
  tokensPerSMin: number;
  tokensPerSMax: number;
  tokensMin: number;
  tokensMax: number;
}

export const LLM_MODELS = {
  /** The pressure environment's mocked LLM: a whole stream takes about 1.7 s. */
  mocked: { ttftMedianMs: 300, ttftP95Ms: 450, tokensPerSMin: 75, tokensPerSMax: 95, tokensMin: 100, tokensMax: 130 },
  /** A hosted model: TTFT about 0.8 to 2 s, 20 to 60 tokens/s, 100 to 400 tokens. */
  'real-llm': { ttftMedianMs: 1200, ttftP95Ms: 2000, tokensPerSMin: 20, tokensPerSMax: 60, tokensMin: 100, tokensMax: 400 },
} as const satisfies Record<string, LlmModel>;
export type LlmKind = keyof typeof LLM_MODELS;

/** Characters per token of the generated text, and characters per SSE chunk. */
export const CHARS_PER_TOKEN = 4;
export const CHARS_PER_CHUNK = 32;
