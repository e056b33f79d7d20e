import type { Stage } from '../src/load/types.ts';
import { mergeSlo } from '../src/slo/schema.ts';
import type { Slo } from '../src/slo/types.ts';
import { getConfig, type SuiteConfig } from './config.ts';
import { endpointDef, type EndpointDef, type EndpointId } from './endpoints.ts';
import { combineOverrides, envOverride, loadConfigFile, type EndpointOverride } from './overrides.ts';
import { getProfile, holdRate, profileDurationS, profileStages, type LoadProfile } from './profiles.ts';

/** An endpoint ready to run: overrides applied, rate scaled, profile stages computed. */
export interface ResolvedEndpoint extends EndpointDef {
  id: EndpointId;
  /** The endpoint's target after overrides and `PERF_RATE_SCALE`. */
  targetRps: number;
  /** What the profile's steady hold runs at (the `pr` hold is the target; `smoke` 10% of it). */
  holdRps: number;
  profile: LoadProfile;
  stages: Stage[];
  /** Ramp plus hold, seconds. */
  durationS: number;
}

let fileCache: { path: string; overrides: Record<string, EndpointOverride> } | undefined;

function fileOverrides(config: SuiteConfig): Record<string, EndpointOverride> {
  if (!config.configFile) return {};
  if (fileCache?.path !== config.configFile) fileCache = { path: config.configFile, overrides: loadConfigFile(config.configFile) };
  return fileCache.overrides;
}

/**
 * Resolves an endpoint of the table for the current configuration. Order: table, then the
 * `PERF_CONFIG` file, then `PERF_RATE_<ID>`/`PERF_SLO_<ID>`; `PERF_RATE_SCALE` scales the result.
 */
export function resolveEndpoint(
  id: EndpointId,
  config: SuiteConfig = getConfig(),
  env: NodeJS.ProcessEnv = process.env,
): ResolvedEndpoint {
  const def = endpointDef(id);
  const o = combineOverrides(fileOverrides(config)[id], envOverride(id, env));
  const profile = getProfile(config.perfProfile);
  const targetRps = Math.max(0.01, Math.round((o.targetRps ?? def.targetRps) * config.rateScale * 100) / 100);
  const slo: Slo = o.slo ? mergeSlo(def.slo, o.slo) : def.slo;
  return {
    ...def,
    id,
    targetRps,
    holdRps: holdRate(profile, targetRps),
    slo,
    connections: o.connections ?? def.connections,
    timeoutMs: o.timeoutMs ?? def.timeoutMs,
    profile,
    stages: profileStages(profile, targetRps),
    durationS: profileDurationS(profile),
  };
}
