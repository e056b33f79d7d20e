import { join } from 'node:path';
import { checkOutputFile } from '../cli/output-file.ts';
import { ConfigError } from '../core/errors.ts';
import { resultsRoot } from '../result/store.ts';

const PROBE = '.perf-write-check';

/**
 * Checks before a suite run that what it will write at the end can be written: the results folder
 * (`PERF_RESULTS_DIR`; the run folder itself is not created) and the JUnit file (`PERF_JUNIT`; the
 * file is not created). Throws one `ConfigError` naming the variable and the reason, so a bad path
 * fails before the run, not after it.
 */
export function checkReportOutputs(env: NodeJS.ProcessEnv = process.env): void {
  const root = resultsRoot(env);
  const probe = join(root, PROBE);
  try {
    checkOutputFile(probe, 'PERF_RESULTS_DIR');
  } catch (err) {
    const message = (err as Error).message.replace(`cannot write ${probe}`, `cannot write results to ${root}`);
    throw new ConfigError(message, { cause: err });
  }
  const junit = env.PERF_JUNIT?.trim();
  if (junit) checkOutputFile(junit, 'PERF_JUNIT');
}
