import { resolve } from 'node:path';
import { z } from 'zod';
import { assertTargetAllowed, ConfigError, envNumber, loadEnvFile, parseAllowHosts, parseArrivals, parseSeed, readEnv, type Arrivals } from '../src/index.ts';
import { allowEffectsVar, priorityVar, type Effect, type Priority } from './priority-effects.ts';
import type { UsersSource } from './auth/users.ts';
import { assertSuiteSettings } from './settings.ts';

/** Where the pool's users come from. */
export type { UsersSource } from './auth/users.ts';

/** The suite's configuration, resolved once from the environment (and `.env`). */
export interface SuiteConfig {
  /** API host including any gateway prefix; undefined means "start the simulator". */
  baseUrl: string | undefined;
  /** Auth server (`/connect/token`); defaults to `baseUrl`. */
  authUrl: string | undefined;
  simProfile: string;
  perfProfile: string;
  rateScale: number;
  users: UsersSource;
  /** Distinct users logged in for the token pool. */
  poolSize: number;
  /** Parallel logins while filling the pool. */
  loginConcurrency: number;
  /** Share of the pool that may fail to log in before set-up gives up (0..1). */
  maxLoginFailureRatio: number;
  /** Chats one guest IP is used for (the service's limit per IP). */
  guestChatsPerIp: number;
  /** Optional JSON file of per-endpoint overrides. */
  configFile: string | undefined;
  /** Abort a run early when its error rate runs away. */
  abortOnFail: boolean;
  /** Cool-down after a leak-checked run, seconds (`PERF_COOLDOWN_S`); undefined: the load profile's default. */
  cooldownS: number | undefined;
  /** Effects outside the API allowed against a target other than the embedded simulator (`PERF_ALLOW_EFFECTS`). @default [] */
  allowEffects: readonly Effect[];
  /** The priorities that run (`PERF_PRIORITY`); the others are skipped. @default undefined: all */
  priorities: readonly Priority[] | undefined;
  /** The e-mail verification code a registration is sent with against a real target (`PERF_REGISTER_CODE`); never printed. @default undefined: godgpt-register is skipped there */
  registerCode: string | undefined;
  /**
   * How each run's iterations arrive (`PERF_ARRIVALS`: constant, poisson, gamma:<burstiness>), with
   * `PERF_SEED` as the seed of random ones (unset: a random seed per run, written in its summary).
   * @default { kind: 'constant' }: a gate wants repeatable runs
   */
  arrivals: Arrivals;
  /** JSONL prompt set of the chat scenarios (`PERF_PROMPTS`), resolved; undefined: the default set. */
  promptsFile: string | undefined;
}

const urlVar = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^https?:\/\/[^/\s]+/.test(v), {
      message: 'expected an http(s) URL such as http://127.0.0.1:8080 or https://host/godgpt-client',
    })
    .refine((v) => v === undefined || URL.canParse(v), { message: 'not a valid URL' })
    .transform((v) => v?.replace(/\/+$/, ''));

const envSchema = z.object({
  BASE_URL: urlVar(),
  AUTH_URL: urlVar(),
  SIM_PROFILE: z.string().trim().default('healthy'),
  PERF_PROFILE: z.string().trim().default('pr'),
  PERF_RATE_SCALE: envNumber({ min: 0.001, max: 100 }).default(1),
  PERF_USERS_FILE: z.string().trim().optional(),
  PERF_USER_EMAIL_PREFIX: z.string().trim().optional(),
  PERF_USER_RANGE: z.string().trim().optional(),
  PERF_USER_PASSWORD: z.string().optional(),
  PERF_POOL_SIZE: envNumber({ int: true, min: 1 }).default(200),
  PERF_LOGIN_CONCURRENCY: envNumber({ int: true, min: 1 }).default(8),
  PERF_MAX_LOGIN_FAILURES: envNumber({ min: 0, max: 1 }).default(0.05),
  PERF_GUEST_CHATS_PER_IP: envNumber({ int: true, min: 1 }).default(3),
  PERF_CONFIG: z.string().trim().optional(),
  PERF_ABORT_ON_FAIL: z.enum(['0', '1', 'true', 'false']).optional(),
  PERF_COOLDOWN_S: envNumber({ min: 0, max: 7200 }).optional(),
  PERF_ALLOW_HOSTS: z.string().optional(),
  PERF_ALLOW_EFFECTS: allowEffectsVar().optional(),
  PERF_PRIORITY: priorityVar().optional(),
  PERF_REGISTER_CODE: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  PERF_ARRIVALS: z.string().optional(),
  PERF_SEED: z.string().optional(),
  PERF_PROMPTS: z.string().trim().optional(),
});

/** `PERF_ARRIVALS` and `PERF_SEED`; a random process under `PERF_SHARD` needs the seed every shard shares. */
function arrivalsOf(e: z.output<typeof envSchema>, env: NodeJS.ProcessEnv): Arrivals {
  const a = e.PERF_ARRIVALS?.trim() ? parseArrivals(e.PERF_ARRIVALS, 'PERF_ARRIVALS') : ({ kind: 'constant' } as const);
  if (e.PERF_SEED?.trim()) {
    if (a.kind === 'constant') throw new ConfigError('PERF_SEED: applies to random arrivals only, set PERF_ARRIVALS=poisson or gamma:<burstiness>');
    return { ...a, seed: parseSeed(e.PERF_SEED, 'PERF_SEED') };
  }
  if (a.kind !== 'constant' && env.PERF_SHARD?.trim()) {
    throw new ConfigError(`PERF_SEED: PERF_SHARD with PERF_ARRIVALS=${e.PERF_ARRIVALS!.trim()} needs PERF_SEED, the same on every shard`);
  }
  return a;
}

/** The password the simulator's seeded users share (it is not a secret: the simulator is local). */
export const SIM_SEED_PASSWORD = 'Perf-Sim-1!';

function usersSource(e: z.output<typeof envSchema>): UsersSource {
  if (e.PERF_USERS_FILE) return { kind: 'file', path: resolve(process.cwd(), e.PERF_USERS_FILE) };
  if (e.PERF_USER_EMAIL_PREFIX || e.PERF_USER_RANGE) {
    const m = /^(\d+)\s*-\s*(\d+)$/.exec(e.PERF_USER_RANGE ?? '');
    if (!e.PERF_USER_EMAIL_PREFIX) throw new ConfigError('PERF_USER_EMAIL_PREFIX is required with PERF_USER_RANGE');
    if (!m) throw new ConfigError(`PERF_USER_RANGE must look like 1-30000, got "${e.PERF_USER_RANGE ?? ''}"`);
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (to < from) throw new ConfigError(`PERF_USER_RANGE: ${from}-${to} is empty`);
    if (!e.PERF_USER_PASSWORD) throw new ConfigError('PERF_USER_PASSWORD is required with PERF_USER_EMAIL_PREFIX');
    return { kind: 'range', emailPrefix: e.PERF_USER_EMAIL_PREFIX, from, to, password: e.PERF_USER_PASSWORD };
  }
  return { kind: 'sim-seed', password: e.PERF_USER_PASSWORD || SIM_SEED_PASSWORD };
}

/**
 * Resolves the configuration from `env` (no caching, no `.env`): for tests and the CLI. A
 * `BASE_URL`/`AUTH_URL` outside loopback must be named in `PERF_ALLOW_HOSTS`.
 */
export function resolveConfig(env: NodeJS.ProcessEnv): SuiteConfig {
  // Vite (hence vitest) sets BASE_URL=/ as its own public base path: that is not a target.
  assertSuiteSettings(env);
  const e = readEnv(envSchema, env.BASE_URL === '/' ? { ...env, BASE_URL: undefined } : env);
  const allowHosts = parseAllowHosts(e.PERF_ALLOW_HOSTS);
  if (e.BASE_URL) assertTargetAllowed(e.BASE_URL, { allowHosts, source: 'BASE_URL' });
  if (e.AUTH_URL) assertTargetAllowed(e.AUTH_URL, { allowHosts, source: 'AUTH_URL' });
  const users = usersSource(e);
  return {
    baseUrl: e.BASE_URL,
    authUrl: e.AUTH_URL ?? e.BASE_URL,
    simProfile: e.SIM_PROFILE,
    perfProfile: e.PERF_PROFILE,
    rateScale: e.PERF_RATE_SCALE,
    users,
    poolSize: e.PERF_POOL_SIZE,
    loginConcurrency: e.PERF_LOGIN_CONCURRENCY,
    maxLoginFailureRatio: e.PERF_MAX_LOGIN_FAILURES,
    guestChatsPerIp: e.PERF_GUEST_CHATS_PER_IP,
    configFile: e.PERF_CONFIG ? resolve(process.cwd(), e.PERF_CONFIG) : undefined,
    abortOnFail: e.PERF_ABORT_ON_FAIL !== '0' && e.PERF_ABORT_ON_FAIL !== 'false',
    cooldownS: e.PERF_COOLDOWN_S,
    allowEffects: e.PERF_ALLOW_EFFECTS ?? [],
    priorities: e.PERF_PRIORITY,
    registerCode: e.PERF_REGISTER_CODE,
    arrivals: arrivalsOf(e, env),
    promptsFile: e.PERF_PROMPTS ? resolve(process.cwd(), e.PERF_PROMPTS) : undefined,
  };
}

let cached: SuiteConfig | undefined;

/**
 * The configuration, loaded once per process: the environment, then the `.env` file the CLI reads
 * too (`PERF_ENV_FILE`, else `.env` in the working directory; set variables win).
 */
export function getConfig(): SuiteConfig {
  if (!cached) {
    // Vite (hence vitest) sets BASE_URL=/ as its own public base path before .env is read: that is
    // not the user's setting, so .env may replace it.
    if (process.env.BASE_URL === '/') delete process.env.BASE_URL;
    loadEnvFile();
    cached = resolveConfig(process.env);
  }
  return cached;
}

/** Forgets the cached configuration (tests; global-setup after it exports BASE_URL). */
export function resetConfig(): void {
  cached = undefined;
}
