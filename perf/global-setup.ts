import type { TestProject } from 'vitest/node';
import { isPerfError } from '../src/core/errors.ts';
import { runId } from '../src/report/results-store.ts';
import { startSimProcess } from '../sim/process.ts';
import { assertReachable } from '../helpers/client/setup-client.ts';
import { getConfig } from '../helpers/config.ts';
import { getProfile } from '../helpers/profiles.ts';
import { EMBEDDED_SIM_VAR } from '../helpers/provided.ts';

let stopSim: (() => Promise<void>) | undefined;
let killSimNow: (() => void) | undefined;

function onSignal(signal: NodeJS.Signals): void {
  killSimNow?.();
  // Our listener suppressed the default exit; restore it unless vitest handles the signal itself.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/**
 * Before the perf project: validates the configuration, fixes `PERF_RUN_ID`, and either checks
 * that `BASE_URL` answers or starts the simulator (`SIM_PROFILE`, default `healthy`) on a free port.
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
  // No orphan even when vitest is interrupted: kill the child on exit and on signals.
  process.once('exit', killSimNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
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
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    killSimNow?.();
    stopSim = undefined;
    killSimNow = undefined;
  }
}
