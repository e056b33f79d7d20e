import { describe, expect, test } from 'vitest';
import { parseRunArgs } from '../../src/cli/run-options.ts';

describe('perf run: too small a --rate or --duration is refused at the edge, naming the flag', () => {
  const base = ['--url', 'http://127.0.0.1:1/x'];
  test('--rate 1e-300 --warmup 0 names --rate, not an engine option', () => {
    expect(() => parseRunArgs([...base, '--duration', '1', '--rate', '1e-300', '--warmup', '0'])).toThrow(/^--rate: expected at least 0\.001\/s \(one request per 1000 s\), got "1e-300"$/);
    expect(parseRunArgs([...base, '--duration', '1', '--rate', '0.001'])).toMatchObject({ options: { ratePerS: 0.001 } });
  });

  test('--duration 1e-9 is refused as too short to measure a rate', () => {
    expect(() => parseRunArgs([...base, '--rate', '10', '--duration', '1e-9'])).toThrow(/^--duration: expected at least 0\.1 s .*got "1e-9"$/);
    expect(parseRunArgs([...base, '--rate', '10', '--duration', '0.1'])).toMatchObject({ options: { durationS: 0.1 } });
  });
});
