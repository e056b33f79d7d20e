import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { resolveOptions } from '../../src/load/options.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';

const open = (startRate: number | undefined, ...targets: number[]): RunLoadOptions => ({
  scenario: { url: 'http://127.0.0.1:1/' },
  model: { type: 'arrival-rate', ...(startRate !== undefined ? { startRate } : {}), stages: targets.map((target) => ({ durationS: 1, target })) },
});

describe('runLoad options: the rate is bounded per generator process, and too small a rate is refused', () => {
  it('refuses a rate above 20000/s per process, naming the option', () => {
    expect(() => resolveOptions(open(undefined, 1e300))).toThrow(ConfigError);
    expect(() => resolveOptions(open(undefined, 10, 1e300))).toThrow(/model\.stages\[1\]\.target: expected at most 20000\/s .*got 1e\+300/);
    expect(() => resolveOptions(open(30_000, 10))).toThrow(/model\.startRate: expected at most 20000\/s/);
    expect(resolveOptions(open(undefined, 20_000)).peak).toBe(20_000);
  });

  it('shards and workers multiply the bound; maxRatePerS raises it (the bench measures the ceiling)', () => {
    expect(resolveOptions({ ...open(undefined, 30_000), workers: 2 }).peak).toBe(30_000);
    expect(() => resolveOptions({ ...open(undefined, 50_000), workers: 2 })).toThrow(/at most 40000\/s \(20000\/s per generator process × 2\)/);
    expect(resolveOptions({ ...open(undefined, 50_000), shard: { index: 0, count: 3 }, startAt: Date.now() + 60_000 }).peak).toBe(50_000);
    expect(resolveOptions({ ...open(undefined, 60_000), maxRatePerS: 60_000 }).peak).toBe(60_000);
    expect(() => resolveOptions({ ...open(undefined, 10), maxRatePerS: 0 })).toThrow(/maxRatePerS/);
  });

  it('refuses a positive rate below 0.001/s (its schedule would hold no iteration), naming the option', () => {
    expect(() => resolveOptions(open(undefined, 1e-300))).toThrow(/model\.stages\[0\]\.target: expected 0 or at least 0\.001\/s .*got 1e-300/);
    expect(() => resolveOptions(open(1e-9, 10))).toThrow(/model\.startRate: expected 0 or at least 0\.001\/s/);
    expect(resolveOptions(open(0, 10, 0)).peak).toBe(10);
    expect(resolveOptions(open(undefined, 0.001)).peak).toBe(0.001);
  });
});
