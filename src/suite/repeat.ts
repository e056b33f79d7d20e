import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { runDir, runFileName, saveRunSummary, type RunMeta } from '../result/store.ts';
import type { RunSummary } from '../result/types.ts';

/** Most runs of each scenario `PERF_REPEAT` may ask for. */
export const MAX_REPEAT = 20;

/**
 * `PERF_REPEAT`: how many times the perf run runs each scenario (1 when unset). Throws one
 * `ConfigError` naming it when it is not a whole number from 1 to 20.
 */
export function repeatFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PERF_REPEAT?.trim();
  if (!raw) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_REPEAT) {
    throw new ConfigError(`PERF_REPEAT=${JSON.stringify(raw.slice(0, 20))}: expected a whole number of runs of each scenario from 1 to ${MAX_REPEAT} (e.g. PERF_REPEAT=3)`);
  }
  return n;
}

/**
 * With `PERF_REPEAT` above 1, keeps this pass's run of a test as `<dir>/repeat/<k>/runs/<test>.json`
 * (k = 1, 2, ... the first pass without one), beside `runs/<test>.json` that holds the last pass
 * (what the reports show). `perf compare` reads every `repeat/<k>/`. Returns the path, or
 * undefined when the run is not repeated.
 */
export function saveRepeatedRun(summary: RunSummary, meta: RunMeta, dir: string = runDir(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  const n = repeatOrOne(env);
  if (n <= 1) return undefined;
  let k = 1;
  while (existsSync(join(dir, 'repeat', String(k), 'runs', runFileName(meta)))) k++;
  return saveRunSummary(summary, { ...meta, repeat: { index: k, of: n } } as RunMeta, join(dir, 'repeat', String(k)));
}

/** `PERF_REPEAT`, or 1 when it is unset or bad (the global set-up names a bad value in one line and stops before any test). */
export function repeatOrOne(env: NodeJS.ProcessEnv = process.env): number {
  try {
    return repeatFromEnv(env);
  } catch {
    return 1;
  }
}
