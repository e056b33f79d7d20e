import type { RunSummary } from '../result/types.ts';
import { runWorkers } from '../shard/workers.ts';
import { runLocal } from './run-local.ts';
import type { RunLoadOptions } from './types.ts';

/**
 * Runs a load test against the scenario and returns its summary. Options are validated first
 * (`ConfigError` naming the option); after that it never throws for what the target does: every
 * request ends as a counted outcome, an abort returns the partial summary. With `workers` above 1
 * the run is split over that many generator processes and judged once on their merged histograms.
 */
export async function runLoad(options: RunLoadOptions): Promise<RunSummary> {
  if (options.workers !== undefined && options.workers > 1) return runWorkers(options);
  return runLocal(options);
}
