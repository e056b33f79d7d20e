import { performance } from 'node:perf_hooks';
import { ConfigError } from '../core/errors.ts';
import type { ResolvedOptions } from '../load/options.ts';
import type { RunSummary } from '../result/types.ts';
import { sleepUntilEpoch } from './split.ts';
import type { ShardInfo } from './types.ts';

/** Longest wait for a start instant, seconds (24 h): a start further away is more likely a typo (`2099-…`) than a plan. */
export const MAX_START_WAIT_S = 86_400;

/** `5 min 12 s`, `3 h 1 min`, `24 h`, `27 days` (whole seconds, the two largest units). */
function fmtWait(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s >= 2 * 86_400) return `${Math.floor(s / 86_400)} days`;
  const parts: [number, string][] = [[Math.floor(s / 3600), 'h'], [Math.floor((s % 3600) / 60), 'min'], [s % 60, 's']];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0 s';
  return parts.slice(first, first + 2).filter(([n]) => n > 0).map(([n, u]) => `${n} ${u}`).join(' ');
}

/**
 * Checks a start instant before any login or request: one already past is refused (shards that
 * start late would not add up to the schedule), one more than {@link MAX_START_WAIT_S} ahead too.
 * Returns the line to print: how long the process waits, until when. Throws `ConfigError` naming `label`.
 */
export function checkStartWait(startAtMs: number, label: string, nowMs = Date.now()): string {
  const at = new Date(startAtMs).toISOString();
  const now = new Date(nowMs).toISOString();
  if (startAtMs <= nowMs) {
    throw new ConfigError(`${label}: ${at} is already past (now ${now}, ${nowMs - startAtMs < 1000 ? `${Math.round(nowMs - startAtMs)} ms` : fmtWait(nowMs - startAtMs)} late); give every shard the same future instant`);
  }
  if (startAtMs - nowMs > MAX_START_WAIT_S * 1000) {
    throw new ConfigError(`${label}: ${at} is ${fmtWait(startAtMs - nowMs)} away; expected at most 24 h from now (${now}): start the shards closer to the instant`);
  }
  return `${label}: waiting ${fmtWait(startAtMs - nowMs)}, until ${at}, to start recording`;
}

/** Refuses a start instant already past or more than 24 h ahead (see {@link checkStartWait}). */
export function checkStartAt(o: ResolvedOptions, nowMs = Date.now()): void {
  if (o.startAtMs !== undefined) checkStartWait(o.startAtMs, 'startAt', nowMs);
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
