import { performance } from 'node:perf_hooks';
import { ConfigError } from '../core/errors.ts';
import type { ResolvedOptions } from '../load/options.ts';
import type { RunSummary } from '../result/types.ts';
import { sleepUntilEpoch } from './split.ts';
import type { ShardInfo } from './types.ts';

/** Refuses a start instant already past: shards that start late would not add up to the schedule. */
export function checkStartAt(o: ResolvedOptions, nowMs = Date.now()): void {
  if (o.startAtMs === undefined || o.startAtMs > nowMs) return;
  throw new ConfigError(
    `startAt: ${new Date(o.startAtMs).toISOString()} is already past (now ${new Date(nowMs).toISOString()}, ${Math.round(nowMs - o.startAtMs)} ms late); give every shard the same future instant`,
  );
}

/**
 * With `startAt`: waits until the warm-up must begin (`warmupS` before it, or at once when less is
 * left) and returns the run's `t0` and recording start on the `performance.now()` clock.
 */
export async function waitForStart(o: ResolvedOptions): Promise<{ t0: number; recStartMs: number } | undefined> {
  if (o.startAtMs === undefined) return undefined;
  await sleepUntilEpoch(o.startAtMs - o.warmupS * 1000, o.signal);
  const t0 = performance.now();
  return { t0, recStartMs: t0 + Math.max(0, o.startAtMs - Date.now()) };
}

/** What a shard run records for `perf merge` (undefined for a run of the whole schedule without startAt). */
export function shardInfo(o: ResolvedOptions): ShardInfo | undefined {
  if (o.shard === undefined && o.startAtMs === undefined) return undefined;
  return {
    index: o.shard?.index ?? 0,
    count: o.shard?.count ?? 1,
    startAt: new Date(o.startAtMs ?? 0).toISOString(),
    schedule: o.scheduleId,
    target: o.target,
    slo: o.slo ?? null,
  };
}

/** Sets `summary.shard` when the run was a shard. */
export function recordShard(summary: RunSummary, o: ResolvedOptions): void {
  const info = shardInfo(o);
  if (info !== undefined) summary.shard = info;
}
