import { ConfigError, mergeSlo, MIN_SAMPLES, pruneUnmeasurable, type LatencyBounds, type Slo, type Stage, type StepSlo } from '../src/index.ts';
import type { SuiteConfig } from './config.ts';
import type { JourneyDef, JourneyMixDef } from './journey.ts';
import { mixVar } from './journey.ts';
import { envOverride } from './overrides.ts';
import { getProfile, holdRate, profileDurationS, profileStages, type LoadProfile } from './profiles.ts';
import { runFilter, skipReason } from './run-filter.ts';
import { resourceSampling } from './sampling.ts';

/** Bounds of an endpoint's SLO that a step of a mix is judged on: the engine keeps per-step latency and errors only. */
const STEP_KEYS = ['latencyMs', 'errorRate'] as const;
/** Fewest calls of a step the hold must be expected to hold for its bounds to be judged. */
export const MIN_STEP_CALLS = 5;

/** The mix's own bounds: journeys that fail (any step failing fails its journey) and the report's CPU criterion. */
export const MIX_SLO: Slo = { errorRate: 0.01, resources: { cpuPercent: 80 } };
export const MIX_SLO_WHY = {
  errorRate: 'fewer than 1% of journeys fail (a journey fails with its first failed step)',
  resources: "the report's own criterion: target CPU at most 80% of a core during the hold, all endpoints at once",
} as const;

/** A mix ready to run: weights overridden, journeys with blocked effects dropped, bounds per step. */
export interface ResolvedMix {
  def: JourneyMixDef;
  /** The journeys that run, with their weights (overrides applied). */
  journeys: { def: JourneyDef; weight: number }[];
  /** Journeys left out, with why (an effect not allowed against this target, a weight of 0). */
  dropped: Record<string, string>;
  profile: LoadProfile;
  /** Users per second after `PERF_RATE_SCALE`, and what the profile's hold runs at. */
  usersPerS: number;
  holdUsersPerS: number;
  stages: Stage[];
  durationS: number;
  slo: Slo;
  stepSlo: Record<string, StepSlo>;
  /** Bounds not judged, `<step>: <bound>` or the mix's own, with why. */
  skipReasons: Record<string, string>;
}

/** `PERF_MIX_<ID>`: a weight, 0 or more. */
function weightOf(j: JourneyDef, env: NodeJS.ProcessEnv): number {
  const name = mixVar(j.id);
  const text = env[name]?.trim();
  if (text === undefined || text === '') return j.weight;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name}: expected a weight, a number 0 or more (got "${text}")`);
  return n;
}

/**
 * Resolves `def` for this configuration: the profile's stages at its users' rate (scaled by
 * `PERF_RATE_SCALE`), weights (`PERF_MIX_<ID>`), journeys dropped whose endpoints have effects
 * `PERF_ALLOW_EFFECTS` does not allow against a real target, and each step's bounds from its
 * endpoint's definition and `PERF_SLO_<ID>` (percentiles the hold cannot give enough samples for
 * left out, named).
 */
export function resolveMix(def: JourneyMixDef, config: SuiteConfig, embedded: boolean, env: NodeJS.ProcessEnv = process.env): ResolvedMix {
  const profile = getProfile(config.perfProfile);
  const filter = { ...runFilter(config, embedded), priorities: undefined };
  const journeys: ResolvedMix['journeys'] = [];
  const dropped: Record<string, string> = {};
  for (const j of def.journeys) {
    const weight = weightOf(j, env);
    const effects = [...new Set(j.steps.flatMap((s) => s.endpoint.effects))];
    const skip = skipReason({ priority: 'P0', effects }, filter);
    if (skip !== undefined) dropped[j.id] = skip;
    else if (weight === 0) dropped[j.id] = `weight 0 (${mixVar(j.id)})`;
    else journeys.push({ def: j, weight });
  }
  const usersPerS = Math.max(0.01, Math.round(def.usersPerS * config.rateScale * 100) / 100);
  const holdUsersPerS = holdRate(profile, usersPerS);
  const total = journeys.reduce((a, j) => a + j.weight, 0);
  const skipReasons: Record<string, string> = {};
  const perUser = new Map<string, { slo: Slo; calls: number }>();
  for (const j of journeys) {
    for (const s of j.def.steps) {
      // PERF_SLO_<ID> moves the step's bounds as it moves the endpoint's own run.
      const override = envOverride(s.endpoint.id, env).slo;
      const entry = perUser.get(s.endpoint.id) ?? { slo: override ? mergeSlo(s.endpoint.slo, override) : s.endpoint.slo, calls: 0 };
      entry.calls += (j.weight / total) * s.perUser;
      perUser.set(s.endpoint.id, entry);
    }
  }
  const stepSlo: Record<string, StepSlo> = {};
  const unjudged = new Set<string>();
  for (const [id, { slo, calls }] of perUser) {
    for (const key of Object.keys(slo)) if (!(STEP_KEYS as readonly string[]).includes(key)) unjudged.add(key);
    const expected = Math.floor(holdUsersPerS * profile.holdS * 0.9 * calls);
    if (expected < MIN_STEP_CALLS) {
      skipReasons[`${id} › errorRate, latency`] = `about ${expected} calls expected in the ${profile.name} hold, too few to judge (a failure still fails its journey)`;
      continue;
    }
    const kept = pruneUnmeasurable({ ...(slo.latencyMs ? { latencyMs: slo.latencyMs } : {}) }, expected);
    for (const b of kept.skipped) skipReasons[`${id} › ${b}`] = `fewer than ${MIN_SAMPLES[b.split('.')[1] as keyof LatencyBounds]} samples expected in the ${profile.name} hold (about ${expected})`;
    stepSlo[id] = { ...(kept.slo.latencyMs && Object.keys(kept.slo.latencyMs).length > 0 ? { latencyMs: kept.slo.latencyMs } : {}), errorRate: slo.errorRate ?? 0.01 };
  }
  if (unjudged.size > 0) {
    skipReasons[`every step › ${[...unjudged].join(', ')}`] = "a mix judges each step on its latency and errors only (the engine keeps no per-step TTFT, rate or resources); each endpoint's own perf file judges the rest";
  }
  const sampling = resourceSampling(config, env);
  const slo: Slo = { errorRate: MIX_SLO.errorRate! };
  if (sampling.keys.has('cpuPercent')) slo.resources = { ...MIX_SLO.resources };
  else skipReasons['resources.cpuPercent'] = sampling.hint;
  return {
    def,
    journeys,
    dropped,
    profile,
    usersPerS,
    holdUsersPerS,
    stages: profileStages(profile, usersPerS),
    durationS: profileDurationS(profile),
    slo,
    stepSlo,
    skipReasons,
  };
}
