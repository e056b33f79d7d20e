import type { RunSummary } from '../result/types.ts';
import { runWorkers } from '../shard/workers.ts';
import { runLocal } from './run-local.ts';
import type { RunLoadOptions } from './types.ts';
import { withSeed } from './arrivals.ts';

/**
 * Runs a load test against the scenario and returns its summary. Options are validated first
 * (`ConfigError` naming the option); after that it never throws for what the target does: every
 * request ends as a counted outcome, an abort returns the partial summary. With `workers` above 1
 * the run is split over that many generator processes and judged once on their merged histograms.
 * Random arrivals without a seed get one here, so that every worker draws the same.
 */
export async function runLoad(input: RunLoadOptions): Promise<RunSummary> {
  const a = input.arrivals;
  // A shard runs in its own process: its seed must be given, the same in every shard.
  const fill = typeof a === 'object' && a !== null && typeof a.kind === 'string' && !((input.shard?.count ?? 1) > 1);
  const options = fill ? { ...input, arrivals: withSeed(a) } : input;
  if (options.workers !== undefined && options.workers > 1) return runWorkers(options);
  return runLocal(options);
}
