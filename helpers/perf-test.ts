import './provided.ts';
import { inject, test as base } from 'vitest';
import { ConfigError, interruptibleSignal, type RunSummary, shardOptionsFromEnv } from '../src/index.ts';
import { getConfig } from './config.ts';
import { buildScenario, phaseOf, type EndpointDef, type ScenarioDef } from './endpoint.ts';
import type { EndpointId } from './endpoints.ts';
import { resolveEndpoint } from './resolve-endpoint.ts';
import { runEndpoint } from './run-endpoint.ts';
import { runFilter, skipReason } from './run-filter.ts';
import { isScenarioSkip } from './scenario-skip.ts';
import { SuiteContext } from './suite-context.ts';
import { workerScenarioModule } from './worker-scenario.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** The test's priority label (`P0`...): the report groups its rows by it. */
    priority?: string;
  }
}

/** What a perf test gets. */
export interface PerfFixtures {
  /**
   * Runs one of `endpoint`'s scenarios with the profile's stages and the overrides applied: sets
   * up what it needs (logins, sessions, codes) first, outside the measured run, then saves and
   * returns the summary.
   */
  run: (endpoint: EndpointDef, scenario: ScenarioDef) => Promise<RunSummary>;
}

export interface PerfFileFixtures {
  /** The target's client, users and seeded data, shared by the file's tests. */
  suite: SuiteContext;
}

/** The target's base URL: `BASE_URL`, else what perf/global-setup provided. */
export function targetBaseUrl(): { baseUrl: string; embedded: boolean } {
  const configured = getConfig().baseUrl;
  if (configured) return { baseUrl: configured, embedded: false };
  let provided: string | undefined;
  let embedded = false;
  try {
    provided = inject('perfBaseUrl');
    embedded = inject('perfEmbeddedSim');
  } catch {
    provided = undefined;
  }
  if (!provided) throw new ConfigError('BASE_URL is not set and no simulator was started (run perf tests with `pnpm test:perf`, which starts one)');
  return { baseUrl: provided, embedded };
}

/** `test` with the GodGPT fixtures: `test(scenario.name, async ({ run }) => expect(await run(ENDPOINT, scenario)).toMeetEndpoint(ENDPOINT))`. */
export const test = base.extend<{ $test: PerfFixtures; $file: PerfFileFixtures }>({
  suite: [
    async ({}, use) => {
      const { baseUrl, embedded } = targetBaseUrl();
      const suite = new SuiteContext(getConfig(), baseUrl, undefined, { embedded });
      try {
        await use(suite);
      } finally {
        await suite.close();
      }
    },
    { scope: 'file' },
  ],
  run: [async ({ suite, task, signal, skip }, use) => {
    const { embedded } = targetBaseUrl();
    const inFlight = new Set<Promise<unknown>>();
    const runOnce = async (def: EndpointDef, scenario: ScenarioDef): Promise<RunSummary> => {
      // The report groups its rows by it, run or skipped.
      task.meta.priority = def.priority;
      // Before anything is resolved or set up: a skipped scenario sends no request at all.
      const skipped = skipReason(def, runFilter(suite.config, embedded));
      if (skipped !== undefined) skip(skipped);
      const endpoint = resolveEndpoint(def.id as EndpointId, suite.config, process.env, scenario);
      // With PERF_WORKERS each generator process builds the scenario (and its set-up) itself.
      const workers = (shardOptionsFromEnv(process.env).workers ?? 1) > 1;
      const summary = await runEndpoint({
        config: suite.config,
        baseUrl: suite.baseUrl,
        endpoint,
        scenarioName: task.name,
        ...(phaseOf(def, scenario) ? { phase: phaseOf(def, scenario)! } : {}),
        scenario: workers
          ? workerScenarioModule({ endpoint: endpoint.id, scenario: scenario.name, baseUrl: suite.baseUrl })
          : await buildScenario(scenario, suite.kit(endpoint)).catch((err: unknown) => {
              // A set-up that lacks a setting against this target (PERF_REGISTER_CODE) sent nothing: skipped, with its reason.
              if (isScenarioSkip(err)) skip(err.message);
              throw err;
            }),
        signal: interruptibleSignal(signal),
        embeddedSim: embedded,
        extra: () => suite.stats(),
      });
      // Saved as interrupted; its SLO would judge a partial run, so the test stops here.
      if (summary.interrupted) skip(`${summary.abortReason ?? 'interrupted'}: partial run saved`);
      return summary;
    };
    await use(async (def, scenario) => {
      const running = runOnce(def, scenario);
      inFlight.add(running);
      try {
        return await running;
      } finally {
        inFlight.delete(running);
      }
    });
    // A cancelled test run (Ctrl-C, SIGTERM) rejects the test at once while its run is still
    // stopping (worker processes finishing, `PERF_WORKERS`) and has not saved its partial summary:
    // vitest would then write the reports without it. Its teardown waits for the run instead.
    await Promise.allSettled(inFlight);
  }, { scope: 'test' }],
});
