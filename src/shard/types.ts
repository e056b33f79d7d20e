import type { Slo } from '../slo/types.ts';

/** Which part of one global schedule a run took (`perf run --shard i/N`, `workers`, `PERF_SHARD`). */
export interface ShardSpec {
  /** 0-based shard index, `0 <= index < count`. */
  index: number;
  count: number;
}

/**
 * What a shard run records in its summary (`RunSummary.shard`) so that `perf merge` can check
 * that its inputs are the shards of one run: same schedule, target, SLO and start instant, every
 * index once.
 */
export interface ShardInfo extends ShardSpec {
  /** ISO instant at which recording started on every shard (`--start-at`). */
  startAt: string;
  /** Identity of the global schedule: a hash of the load model, the judged window and the warm-up. */
  schedule: string;
  /** What was loaded: `METHOD URL` of a request spec, `flow NAME` of a scenario function. */
  target: string;
  /** The SLO the run was judged by (null: none): a merge re-evaluates it on the merged histograms. */
  slo: Slo | null;
}
