import { assertKnownSettings, ENGINE_SETTINGS, type SettingDef } from '../src/index.ts';
import { endpointIds, endpoints, envSuffix } from './endpoints.ts';
import { thinkVar } from './think.ts';
import { EMBEDDED_SIM_VAR } from './provided.ts';
import { journeySettings } from './journey-settings.ts';

/** The `PERF_*` variables the GodGPT suite reads on top of the engine's (`.env.example` lists both). */
export const SUITE_SETTINGS: readonly SettingDef[] = [
  { name: 'PERF_PROFILE', description: 'smoke | pr | full | soak' },
  { name: 'PERF_RATE_SCALE', description: "multiplies every endpoint's target rate" },
  { name: 'PERF_CONFIG', description: 'JSON file of per-endpoint overrides' },
  { name: 'PERF_ABORT_ON_FAIL', description: '0 turns off abort-on-fail' },
  { name: 'PERF_USERS_FILE', description: 'CSV or JSON file of pre-registered users' },
  { name: 'PERF_USER_EMAIL_PREFIX', description: 'email prefix of a numbered user range' },
  { name: 'PERF_USER_RANGE', description: 'range of user numbers, e.g. 1-30000' },
  { name: 'PERF_USER_PASSWORD', description: 'the shared password of the range' },
  { name: 'PERF_POOL_SIZE', description: 'users the token pool logs in' },
  { name: 'PERF_LOGIN_CONCURRENCY', description: 'concurrent logins while filling the pool' },
  { name: 'PERF_MAX_LOGIN_FAILURES', description: 'share of pool logins allowed to fail' },
  { name: 'PERF_GUEST_CHATS_PER_IP', description: 'guest chats per simulated client IP' },
  { name: 'PERF_ALLOW_EFFECTS', description: 'effects outside the API allowed against a real target: email, accounts, payments, app-store' },
  { name: 'PERF_PRIORITY', description: 'the priorities that run, e.g. P0,P1' },
  { name: 'PERF_ARRIVALS', description: 'constant (default) | poisson | gamma:<burstiness>: how requests arrive' },
  { name: 'PERF_SEED', description: 'seed of random arrivals (unset: a random one, written in each summary)' },
  { name: 'PERF_PROMPTS', description: 'JSONL file of chat prompts, one {"content": ...} a line (replaces the default set)' },
  { name: 'PERF_REGISTER_CODE', description: 'e-mail verification code godgpt-register sends against a real target' },
  { name: EMBEDDED_SIM_VAR, description: 'set by perf/global-setup when it started the simulator', internal: true },
];

/** Per-endpoint overrides: `PERF_RATE_<ID>` and `PERF_SLO_<ID>` for every endpoint of the table, `PERF_THINK_<ID>` for those with a think time. */
export function endpointSettings(): SettingDef[] {
  const rateSlo = endpointIds().flatMap((id) => [
    { name: `PERF_RATE_${envSuffix(id)}`, description: `target rate of ${id}, /s` },
    { name: `PERF_SLO_${envSuffix(id)}`, description: `SLO of ${id}, e.g. p95<800,errors<0.02` },
  ]);
  const think = endpoints().filter((e) => 'think' in e && e.think).map((e) => ({ name: thinkVar(e.id), description: `think time of ${e.id}: 2s, 500ms, 0, uniform(1s,3s), exp(2s)` }));
  return [...rateSlo, ...think];
}

/** Every `PERF_*` variable a suite run or `pnpm perf` understands: the one list `.env.example` follows. */
export function knownSettings(): SettingDef[] {
  return [...ENGINE_SETTINGS, ...SUITE_SETTINGS, ...journeySettings(), ...endpointSettings()];
}

/** A `PERF_*` variable that names no setting or endpoint is a `ConfigError` with "did you mean". */
export function assertSuiteSettings(env: NodeJS.ProcessEnv): void {
  assertKnownSettings(env, knownSettings().map((s) => s.name));
}
