import { describe, expect, test } from 'vitest';
import { parseRunArgs } from '../../src/cli/run-options.ts';

describe('--rate bound per generator process', () => {
  const base = ['--url', 'http://127.0.0.1:1/x', '--duration', '1'];
  test('one process: at most 20000/s', () => {
    expect(() => parseRunArgs([...base, '--rate', '30000'])).toThrow(/--rate: expected at most 20000\/s .*got "30000"/);
  });
  test('--workers N and --shard i/N allow N times as much', () => {
    expect(parseRunArgs([...base, '--rate', '30000', '--workers', '2'])).toMatchObject({ help: false, options: { ratePerS: 30000, workers: 2 } });
    expect(parseRunArgs([...base, '--rate', '50000', '--shard', '0/3', '--start-at', '2030-01-01T00:00:00Z'])).toMatchObject({ options: { shard: { index: 0, count: 3 } } });
    expect(() => parseRunArgs([...base, '--rate', '50000', '--workers', '2'])).toThrow(/at most 40000\/s .*20000\/s per process × 2/);
  });
});
