import type { TestProject } from 'vitest/node';
import { isPerfError } from '../src/core/errors.ts';
import { runId } from '../src/report/results-store.ts';
import { cancelRunOnSignals, type SignalGuard } from '../src/suite/interrupt.ts';
import { startSimProcess } from '../sim/process.ts';
import { assertReachable } from '../helpers/client/setup-client.ts';
import { getConfig } from '../helpers/config.ts';
import { getProfile } from '../helpers/profiles.ts';
import { EMBEDDED_SIM_VAR } from '../helpers/provided.ts';

let stopSim: (() => Promise<void>) | undefined;
let killSimNow: (() => void) | undefined;
let signals: SignalGuard | undefined;

/**
 * Before the perf project: validates the configuration, fixes `PERF_RUN_ID`, and either checks
 * that `BASE_URL` answers or starts the simulator (`SIM_PROFILE`, default `healthy`) on a free port.
 * SIGINT/SIGTERM then cancel the run gracefully (partial results written, exit 130/143).
 */
export async function setup(project: TestProject): Promise<void> {
  runId(); // exported to process.env so workers and reporters share it
  let config;
  try {
    config = getConfig();
    getProfile(config.perfProfile);
  } catch (err) {
    if (isPerfError(err)) throw new Error(`[perf] configuration: ${err.message}`);
    throw err;
  }
  if (project.vitest) signals ??= cancelRunOnSignals(project.vitest);
  if (config.baseUrl) {
    await assertReachable(config.baseUrl, 'BASE_URL');
    if (config.authUrl && config.authUrl !== config.baseUrl) await assertReachable(config.authUrl, 'AUTH_URL');
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
