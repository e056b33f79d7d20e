import { type LatencyBounds, mergeSlo, MIN_RATE_ITERATIONS, MIN_SAMPLES, pruneUnjudgeableRate, pruneUnmeasurable, type Slo, type Stage, type ThinkTime } from '../src/index.ts';
import { getConfig, type SuiteConfig } from './config.ts';
import type { EndpointDef, ScenarioDef } from './endpoint.ts';
import { endpointDef, envSuffix, type EndpointId } from './endpoints.ts';
import { assertOverrideMeasurable, combineOverrides, envOverride, loadConfigFile, type EndpointOverride } from './overrides.ts';
import { getProfile, holdRate, profileDurationS, profileFor, profileStages, type LoadProfile } from './profiles.ts';
import { assertRateBound, rateSource } from './rate-bound.ts';
import { resourceSampling, type ResourceSampling } from './sampling.ts';
import { resolveThink } from './think.ts';

/** An endpoint ready to run: overrides applied, rate scaled, profile stages computed. */
export interface ResolvedEndpoint extends Omit<EndpointDef, 'think'> {
  id: EndpointId;
  /** The think time its flow sleeps (`PERF_THINK_<ID>`, else the definition's, else none). */
  think: ThinkTime;
  /** The endpoint's target after overrides and `PERF_RATE_SCALE`. */
  targetRps: number;
  /** What the profile's steady hold runs at (the `pr` hold is the target; `smoke` 10% of it). */
  holdRps: number;
  profile: LoadProfile;
  stages: Stage[];
  /** Ramp plus hold, seconds. */
  durationS: number;
  /**
   * Bounds dropped because the run cannot measure them: percentiles the hold has too few samples
   * for (p99 in `smoke`), `resources.<key>` no sampler gives (a real target without
   * `PERF_METRICS_URL`), `leak` when there is no cool-down or no memory sampling.
   */
  skippedBounds: string[];
  /** Why each entry of `skippedBounds` was dropped. */
  skipReasons: Record<string, string>;
  leakCheck: boolean;
  /** Cool-down of the leak check, seconds (`PERF_COOLDOWN_S`, else the profile's). */
  cooldownS: number;
  /**
   * Dispatch lag above which the generator is judged overloaded: 10% of the tightest latency bound,
   * 25 to 100 ms. Latency is timed from the intended start, so a lag below that cannot move a verdict.
   */
  maxDispatchLagMs: number;
  /** Share of late iterations allowed: 1%, or 3 iterations of a short hold. */
  maxLateRatio: number;
}

/** Drops resource bounds whose value no sampler gives (the bound is skipped, never failed for lack of a sampler). */
export function pruneUnsampled(slo: Slo, sampling: ResourceSampling): { slo: Slo; skipped: string[] } {
  if (!slo.resources) return { slo, skipped: [] };
  const kept: Record<string, number> = {};
  const skipped: string[] = [];
  for (const [key, bound] of Object.entries(slo.resources)) {
    if (sampling.keys.has(key)) kept[key] = bound;
    else skipped.push(`resources.${key}`);
  }
  const out: Slo = { ...slo };
  if (Object.keys(kept).length > 0) out.resources = kept;
  else delete out.resources;
  return { slo: out, skipped };
}

let fileCache: { path: string; overrides: Record<string, EndpointOverride> } | undefined;

function fileOverrides(config: SuiteConfig): Record<string, EndpointOverride> {
  if (!config.configFile) return {};
  if (fileCache?.path !== config.configFile) fileCache = { path: config.configFile, overrides: loadConfigFile(config.configFile) };
  return fileCache.overrides;
}

/**
 * Why the leak check is not applied to a new-user scenario: every first login adds account state
 * that is meant to stay (about 5 KB a user in the simulator: refresh token, quota, owner index),
 * so memory after the cool-down cannot come back to the baseline. Release of the endpoint's own
 * state (sessions) is judged on the same endpoint's old-users scenario.
 */
export const NEW_USERS_KEEP_STATE =
  'new users: every first login adds account state meant to stay (tokens, quota); memory release is judged on the old-users scenario';

/**
 * Resolves an endpoint's definition for the current configuration. Order: definition, then the
 * `PERF_CONFIG` file, then `PERF_RATE_<ID>`/`PERF_SLO_<ID>`; `PERF_RATE_SCALE` scales the result.
 */
export function resolveEndpoint(
  id: EndpointId,
  config: SuiteConfig = getConfig(),
  env: NodeJS.ProcessEnv = process.env,
  scenario?: Pick<ScenarioDef, 'slo' | 'targetRps'> & Partial<Pick<ScenarioDef, 'users'>>,
): ResolvedEndpoint {
  const base = endpointDef(id);
  const def = {
    ...base,
    ...(scenario?.slo ? { slo: mergeSlo(base.slo, scenario.slo) } : {}),
    ...(scenario?.targetRps !== undefined ? { targetRps: scenario.targetRps } : {}),
  };
  const fileO = fileOverrides(config)[id];
  const envO = envOverride(id, env);
  const o = combineOverrides(fileO, envO);
  const profile = profileFor(getProfile(config.perfProfile), def.priority);
  const targetRps = Math.max(0.01, Math.round((o.targetRps ?? def.targetRps) * config.rateScale * 100) / 100);
  const holdRps = holdRate(profile, targetRps);
  assertRateBound(id, holdRps, rateSource(id, env, envO, fileO, config), env);
  const expected = Math.floor(holdRps * profile.holdS * 0.9);
  const sampling = resourceSampling(config, env);
  assertOverrideMeasurable(id, envO.slo, `PERF_SLO_${envSuffix(id)}`, { sse: def.sse, sampling });
  assertOverrideMeasurable(id, fileO?.slo, `PERF_CONFIG: ${config.configFile} endpoints.${id}.slo`, { sse: def.sse, sampling });
  const measurable = pruneUnmeasurable(o.slo ? mergeSlo(def.slo, o.slo) : def.slo, expected);
  const rate = pruneUnjudgeableRate(measurable.slo, expected);
  const { slo, skipped: unsampled } = pruneUnsampled(rate.slo, sampling);
  const skipReasons: Record<string, string> = {};
  for (const b of measurable.skipped) skipReasons[b] = `fewer than ${MIN_SAMPLES[b.split('.')[1] as keyof LatencyBounds]} samples expected in the ${profile.name} hold`;
  for (const b of rate.skipped) skipReasons[b] = `fewer than ${MIN_RATE_ITERATIONS} iterations expected in the ${profile.name} hold: one iteration at a window edge moves the achieved rate by 2% or more`;
  for (const b of unsampled) skipReasons[b] = sampling.hint;
  const cooldownS = config.cooldownS ?? profile.cooldownS;
  const leakCheck = def.leakCheck === true;
  if (leakCheck && (cooldownS <= 0 || !sampling.memory)) {
    skipReasons['leak'] = cooldownS <= 0 ? `no cool-down in the ${profile.name} profile (PERF_COOLDOWN_S)` : sampling.hint;
  } else if (leakCheck && scenario?.users === 'new users') {
    skipReasons['leak'] = NEW_USERS_KEEP_STATE;
  }
  const skipped = Object.keys(skipReasons);
  const bounds = [...Object.values(slo.latencyMs ?? {}), ...Object.values(slo.ttftMs ?? {})];
  const tightest = bounds.length ? Math.min(...bounds) : 200;
  return {
    ...def,
    id,
    think: resolveThink(def, env),
    targetRps,
    holdRps,
    slo,
    skippedBounds: skipped,
    skipReasons,
    leakCheck,
    cooldownS,
    maxDispatchLagMs: Math.round(Math.min(100, Math.max(25, tightest * 0.1))),
    maxLateRatio: Math.max(0.01, 3 / Math.max(1, expected)),
    connections: o.connections ?? def.connections,
    timeoutMs: o.timeoutMs ?? def.timeoutMs,
    profile,
    stages: profileStages(profile, targetRps),
    durationS: profileDurationS(profile),
  };
}
