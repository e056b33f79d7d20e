import { describe, expect, test } from 'vitest';
import { shardOptionsFromEnv } from '../../src/shard/env.ts';

describe('PERF_SHARD, PERF_START_AT, PERF_WORKERS', () => {
  test('become runLoad options', () => {
    expect(shardOptionsFromEnv({})).toEqual({});
    expect(shardOptionsFromEnv({ PERF_SHARD: '1/3', PERF_START_AT: '2030-01-01T00:00:00Z' })).toEqual({
      shard: { index: 1, count: 3 },
      startAt: Date.parse('2030-01-01T00:00:00Z'),
    });
    expect(shardOptionsFromEnv({ PERF_WORKERS: '2' })).toEqual({ workers: 2 });
    // One shard of one is the whole schedule: workers may split it.
    expect(shardOptionsFromEnv({ PERF_SHARD: '0/1', PERF_WORKERS: '2' })).toEqual({ shard: { index: 0, count: 1 }, workers: 2 });
    expect(shardOptionsFromEnv({ PERF_START_AT: '1893456000000' }).startAt).toBe(1893456000000);
  });

  test('a bad value names the variable', () => {
    expect(() => shardOptionsFromEnv({ PERF_SHARD: '3/3', PERF_START_AT: '1893456000000' })).toThrow(/PERF_SHARD: expected i\/N/);
    expect(() => shardOptionsFromEnv({ PERF_SHARD: '0/2' })).toThrow(/PERF_SHARD: needs PERF_START_AT/);
    expect(() => shardOptionsFromEnv({ PERF_START_AT: 'soon' })).toThrow(/PERF_START_AT: expected an ISO time/);
    expect(() => shardOptionsFromEnv({ PERF_WORKERS: '0' })).toThrow(/PERF_WORKERS: expected an integer/);
    for (const bad of ['1.5', '65', 'two', '-1', '0x2', '2e0']) expect(() => shardOptionsFromEnv({ PERF_WORKERS: bad })).toThrow(`PERF_WORKERS: expected an integer from 1 to 64, got "${bad}"`);
  });

  test('PERF_WORKERS with a PERF_SHARD of several shards is refused naming both (each machine would run the whole schedule)', () => {
    expect(() => shardOptionsFromEnv({ PERF_SHARD: '1/3', PERF_START_AT: '2030-01-01T00:00:00Z', PERF_WORKERS: '2' })).toThrow(
      /^PERF_WORKERS and PERF_SHARD do not combine \(PERF_WORKERS=2, PERF_SHARD=1\/3\)/,
    );
  });
});
