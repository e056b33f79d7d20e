import { ConfigError } from '../core/errors.ts';
import { parseShard, parseStartAt } from './identity.ts';
import type { ShardSpec } from './types.ts';

/** `PERF_SHARD`, `PERF_START_AT` and `PERF_WORKERS` as `runLoad` options (empty when unset). Throws `ConfigError` naming the variable; `PERF_WORKERS` with a `PERF_SHARD` of several shards is refused (`runLoad` refuses workers with a shard). */
export function shardOptionsFromEnv(env: NodeJS.ProcessEnv): { shard?: ShardSpec; startAt?: number; workers?: number } {
  const out: { shard?: ShardSpec; startAt?: number; workers?: number } = {};
  const shard = env.PERF_SHARD?.trim();
  const startAt = env.PERF_START_AT?.trim();
  const workers = env.PERF_WORKERS?.trim();
  if (shard) out.shard = parseShard(shard, 'PERF_SHARD');
  if (startAt) out.startAt = parseStartAt(startAt, 'PERF_START_AT');
  if (out.shard && out.shard.count > 1 && out.startAt === undefined) {
    throw new ConfigError('PERF_SHARD: needs PERF_START_AT, the instant every shard starts recording (ISO time or epoch ms)');
  }
  if (workers) {
    // Decimal digits only: Number() would take 0x2, 2e0 or 1_0 too.
    const n = /^\d+$/.test(workers) ? Number(workers) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new ConfigError(`PERF_WORKERS: expected an integer from 1 to 64, got "${workers}"`);
    if (n > 1) out.workers = n;
  }
  if (out.workers !== undefined && out.shard && out.shard.count > 1) {
    throw new ConfigError(`PERF_WORKERS and PERF_SHARD do not combine (PERF_WORKERS=${workers}, PERF_SHARD=${shard}): run one process per shard with PERF_SHARD, or PERF_WORKERS alone on one machine`);
  }
  return out;
}
