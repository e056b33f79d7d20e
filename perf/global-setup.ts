import type { TestProject } from 'vitest/node';
import { assertEngineEnv, cancelRunOnSignals, checkReportOutputs, checkStartWait, isPerfError, redact, runId, shardOptionsFromEnv, type SignalGuard } from '../src/index.ts';
import { startSimProcess } from '../sim/process.ts';
import { assertReachable } from '../helpers/client/setup-client.ts';
import { checkUsersSource } from '../helpers/auth/users.ts';
import { getConfig } from '../helpers/config.ts';
import { suitePrompts } from '../helpers/prompts-file.ts';
import { endpointIds, endpoints } from '../helpers/endpoints.ts';
import { useSuiteEndpoints } from './endpoints/index.ts';
import { getProfile } from '../helpers/profiles.ts';
import { EMBEDDED_SIM_VAR } from '../helpers/provided.ts';
import { resolveEndpoint } from '../helpers/resolve-endpoint.ts';
import { runFilter, selectionRuns } from '../helpers/run-filter.ts';
import { checkResourceSeries } from '../helpers/resource-probe.ts';
import { suiteSamplers } from '../helpers/run-endpoint.ts';

useSuiteEndpoints();

let stopSim: (() => Promise<void>) | undefined;
let killSimNow: (() => void) | undefined;
let signals: SignalGuard | undefined;

/** What the global setup does when it cannot go on. @default process.stderr and process.exit */
export interface SetupExit {
  stderr: (line: string) => void;
  exit: (code: number) => never;
}

const processExit: SetupExit = {
  stderr: (line) => void process.stderr.write(`${line}\n`),
  exit: (code) => process.exit(code),
};

/** A problem of the configuration or the target (the engine's `PERF_ERR_*` or the simulator's `SIM_ERR`), not a bug. */
function isSetupProblem(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code;
  return isPerfError(err) || code === 'SIM_ERR';
}

/**
 * Before the perf project: validates the configuration (settings, profile, every endpoint's
 * overrides), fixes `PERF_RUN_ID`, and either checks that `BASE_URL` answers or starts the simulator
 * (`SIM_PROFILE`, default `healthy`) on a free port. When that fails it prints one line naming the
 * problem and exits 2 before any test or traffic: thrown, vitest would bury the message under
 * "No test files found" and its own stack frames. SIGINT/SIGTERM then cancel the run gracefully
 * (partial results written, exit 130/143).
 */
export async function setup(project: TestProject, out: SetupExit = processExit): Promise<void> {
  try {
    await prepare(project, out);
  } catch (err) {
    if (!isSetupProblem(err)) throw err;
    const what = (err as { code?: string }).code === 'PERF_ERR_CONFIG' ? 'configuration: ' : '';
    out.stderr(`[perf] ${what}${redact(err.message)}`);
    return out.exit(2);
  }
}

async function prepare(project: TestProject, out: SetupExit): Promise<void> {
  runId(); // exported to process.env so workers and reporters share it
  const config = getConfig();
  // Engine values (PERF_REPORT_LANG, PERF_PROGRESS, PERF_RUN_ID, PERF_METRICS_URL, ...) and the
  // results folder and JUnit file fail here, not at test time or after the whole run.
  assertEngineEnv(process.env);
  checkReportOutputs(process.env);
  getProfile(config.perfProfile);
  // Overrides (PERF_RATE_<ID>, PERF_SLO_<ID>, PERF_CONFIG) fail here, not in the middle of the run.
  for (const id of endpointIds()) resolveEndpoint(id, config);
  // A missing, folder or malformed PERF_USERS_FILE fails here, not at the first login.
  checkUsersSource(config.users);
  // A missing or malformed PERF_PROMPTS file fails here (file and line, never a prompt's text).
  suitePrompts(config.promptsFile);
  // PERF_SHARD, PERF_START_AT, PERF_WORKERS: read by every run; a bad value fails here, not in each test.
  const { startAt } = shardOptionsFromEnv(process.env);
  // A past or far-off PERF_START_AT fails before any login; otherwise say how long the runs will wait.
  if (startAt !== undefined) out.stderr(`[perf] ${checkStartWait(startAt, 'PERF_START_AT')}`);
  if (project.vitest) signals ??= cancelRunOnSignals(project.vitest);
  if (config.baseUrl) {
    // Every selected endpoint is skipped (an effect not allowed, PERF_PRIORITY): not one request.
    if (!(await selectionRuns(project, endpoints(), runFilter(config, false)))) {
      project.provide('perfBaseUrl', config.baseUrl);
      project.provide('perfEmbeddedSim', false);
      return;
    }
    await assertReachable(config.baseUrl, 'BASE_URL');
    if (config.authUrl && config.authUrl !== config.baseUrl) await assertReachable(config.authUrl, 'AUTH_URL');
    // A resource bound the configured source cannot give (no CPU series) fails here, not after the load.
    await checkResourceSeries({ config, env: process.env, samplers: suiteSamplers(config.baseUrl, false) });
    project.provide('perfBaseUrl', config.baseUrl);
    project.provide('perfEmbeddedSim', false);
    return;
  }
  const sim = await startSimProcess({ port: 0, profile: config.simProfile });
  const pid = sim.pid;
  killSimNow = () => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  // No orphan whatever happens; on SIGINT/SIGTERM it keeps answering until teardown, so the
  // interrupted run is recorded as interrupted rather than as a target that stopped answering.
  process.once('exit', killSimNow);
  stopSim = () => sim.stop();
  process.env[EMBEDDED_SIM_VAR] = '1';
  await checkResourceSeries({ config, env: process.env, samplers: suiteSamplers(sim.url, true) });
  project.provide('perfBaseUrl', sim.url);
  project.provide('perfEmbeddedSim', true);
}

export async function teardown(): Promise<void> {
  try {
    await stopSim?.();
  } finally {
    if (killSimNow) process.off('exit', killSimNow);
    killSimNow?.();
    signals?.dispose();
    signals = undefined;
    stopSim = undefined;
    killSimNow = undefined;
  }
}
