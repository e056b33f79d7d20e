/** The `perf run` arguments of one shard: the invocation the local shard test runs and the deploy recipes use. */
export interface ShardInvocation {
  url: string;
  ratePerS: number;
  rampS: number;
  durationS: number;
  warmupS: number;
  index: number;
  count: number;
  startAt: string;
  json: string;
}

export function shardArgs(i: ShardInvocation): string[] {
  return [
    'run',
    '--url', i.url,
    '--rate', String(i.ratePerS),
    '--ramp', String(i.rampS),
    '--duration', String(i.durationS),
    '--warmup', String(i.warmupS),
    '--shard', `${i.index}/${i.count}`,
    '--start-at', i.startAt,
    '--json', i.json,
    '-q',
  ];
}
