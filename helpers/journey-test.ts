import {
  createProgressSink,
  interruptibleSignal,
  type Journey,
  NO_THINK,
  runLoad,
  type RunSummary,
  saveRunSummary,
  seedOf,
  thinkSampler,
  weightedPicker,
} from '../src/index.ts';
import { suiteEnvironment } from './environment.ts';
import type { JourneyKit, JourneyMixDef } from './journey.ts';
import { resolveMix, type ResolvedMix } from './journey-mix.ts';
import { targetBaseUrl, test as perfTest } from './perf-test.ts';
import type { ResolvedEndpoint } from './resolve-endpoint.ts';
import { suiteSamplers, WARMUP_S } from './run-endpoint.ts';
import type { SuiteContext } from './suite-context.ts';

/** The kit of one journey: the suite's, sized for its share of the users, with seeded branches and pauses of its own. */
function journeyKit(suite: SuiteContext, mix: ResolvedMix, id: string, share: number): JourneyKit {
  // What the kit sizes its one-use set-up (new users' logins) by: this journey's share of the arrivals.
  const sizing = { id: `journey-${id}`, think: NO_THINK, stages: mix.stages, profile: mix.profile, holdRps: Math.max(0.01, mix.holdUsersPerS * share) };
  const kit = suite.kit(sizing as unknown as ResolvedEndpoint);
  let draws = 0;
  return {
    ...kit,
    branch: (weights) => weightedPicker(weights, seedOf(`${id}#branch${draws++}`)),
    pause: (time) => thinkSampler(time, seedOf(`${id}#pause${draws++}`)),
  };
}

/**
 * Runs `def` against the suite's target with the profile's stages: every journey that runs is set
 * up first (outside the measured run), users arrive at the mix's rate split by weight, each step is
 * judged with its endpoint's bounds; the summary is saved under the run's results folder. Resolves
 * to `{ skip }` with the reasons when no journey may run.
 */
export async function runMix(def: JourneyMixDef, suite: SuiteContext, o: { embedded: boolean; scenarioName: string; signal?: AbortSignal }): Promise<RunSummary | { skip: string }> {
  const mix = resolveMix(def, suite.config, o.embedded);
  if (mix.journeys.length === 0) return { skip: `no journey may run: ${Object.entries(mix.dropped).map(([id, why]) => `${id}: ${why}`).join('; ')}` };
  const total = mix.journeys.reduce((a, j) => a + j.weight, 0);
  const journeys: Journey[] = [];
  for (const j of mix.journeys) {
    const iteration = await j.def.build(journeyKit(suite, mix, j.def.id, j.weight / total));
    journeys.push({ name: j.def.id, weight: j.weight, run: async (ctx) => void (await iteration(ctx)) });
  }
  const progress = createProgressSink(def.id, mix.durationS + WARMUP_S);
  let summary: RunSummary;
  try {
    summary = await runLoad({
      name: def.id,
      baseUrl: suite.baseUrl,
      scenario: { journeys, seed: seedOf(def.id) },
      model: { type: 'arrival-rate', stages: mix.stages },
      ...(suite.config.arrivals.kind !== 'constant' ? { arrivals: suite.config.arrivals } : {}),
      connections: def.connections,
      timeoutMs: def.timeoutMs,
      warmupS: WARMUP_S,
      judge: 'steady',
      abortOnFail: false,
      slo: mix.slo,
      stepSlo: mix.stepSlo,
      maxDispatchLagMs: 100,
      onProgress: progress,
      samplers: suiteSamplers(suite.baseUrl, o.embedded),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  } finally {
    progress.close();
  }
  const skipped = Object.keys(mix.skipReasons);
  summary.extra = {
    ...summary.extra,
    ...suite.stats(),
    mix: {
      usersPerS: mix.holdUsersPerS,
      journeys: Object.fromEntries(mix.journeys.map((j) => [j.def.id, { name: j.def.name, weight: j.weight, why: j.def.why }])),
      ...(Object.keys(mix.dropped).length > 0 ? { dropped: mix.dropped } : {}),
      steps: Object.fromEntries(Object.keys(mix.stepSlo).map((id) => [id, mix.journeys.flatMap((j) => j.def.steps).find((s) => s.endpoint.id === id)!.endpoint.route])),
    },
    ...(skipped.length > 0 ? { skippedBounds: skipped, skipReasons: mix.skipReasons } : {}),
  };
  const meta = {
    endpoint: def.id,
    route: def.title,
    scenario: o.scenarioName,
    targetRps: mix.holdUsersPerS,
    sse: true,
    profile: mix.profile.name,
    target: suite.baseUrl,
  };
  saveRunSummary(summary, meta);
  summary.environment = await suiteEnvironment(suite.baseUrl, o.embedded);
  saveRunSummary(summary, meta);
  return summary;
}

/** `test` with `runMix(MIX)`: runs a journey mix (skipped with the reasons when no journey may run against this target). */
export const test = perfTest.extend<{ runMix: (def: JourneyMixDef) => Promise<RunSummary> }>({
  runMix: async ({ suite, task, signal, skip }, use) => {
    const { embedded } = targetBaseUrl();
    await use(async (def) => {
      const out = await runMix(def, suite, { embedded, scenarioName: task.name, signal: interruptibleSignal(signal) });
      if ('skip' in out) return skip(out.skip);
      if (out.interrupted) skip(`${out.abortReason ?? 'interrupted'}: partial run saved`);
      return out;
    });
  },
});
