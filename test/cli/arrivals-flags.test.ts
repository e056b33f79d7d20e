import { describe, expect, test } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { parseSearchFlags, searchSettings } from '../../src/cli/capacity-flags.ts';
import { formatSummary } from '../../src/cli/format-summary.ts';
import { toRunLoadOptions } from '../../src/cli/run-load-options.ts';
import { parseRunArgs } from '../../src/cli/run-options.ts';
import { makeSummary } from '../slo/fixtures.ts';

const base = ['--url', 'http://127.0.0.1:1/x', '--rate', '10', '--duration', '1'];
const opts = (argv: string[]) => {
  const r = parseRunArgs(argv);
  if (r.help) throw new Error('help');
  return r.options;
};

describe('perf run / perf capacity --arrivals constant|poisson|gamma:<burstiness> --seed N', () => {
  test('perf run hands the arrivals and the seed to the engine; the default stays constant', () => {
    expect(toRunLoadOptions(opts([...base, '--arrivals', 'poisson', '--seed', '7'])).arrivals).toEqual({ kind: 'poisson', seed: 7 });
    expect(toRunLoadOptions(opts([...base, '--arrivals', 'gamma:0.5'])).arrivals).toEqual({ kind: 'gamma', burstiness: 0.5 });
    expect(toRunLoadOptions(opts(base)).arrivals).toBeUndefined();
  });

  test('a bad value is one line naming the flag, before any request (exit 2)', async () => {
    expect(() => opts([...base, '--arrivals', 'burst'])).toThrow(/^--arrivals: expected constant, poisson or gamma:<burstiness>/);
    expect(() => opts([...base, '--arrivals', 'gamma:0'])).toThrow(/^--arrivals: gamma's burstiness must be a number from 0.01 to 100/);
    expect(() => opts([...base, '--seed', '3'])).toThrow(/^--seed: applies to random arrivals only/);
    expect(() => opts([...base, '--arrivals', 'poisson', '--seed', '1.5'])).toThrow(/^--seed: expected an integer/);
    expect(() => opts([...base, '--arrivals', 'poisson', '--shard', '0/2', '--start-at', String(Date.now() + 60_000)])).toThrow(/^--seed: --shard with --arrivals poisson needs --seed/);
    const io = memoryIo({ env: {} });
    expect(await runCli(['run', ...base, '--arrivals', 'sometimes'], io)).toBe(2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(/^--arrivals: /);
    const cap = memoryIo({ env: {} });
    expect(await runCli(['capacity', '--url', 'http://127.0.0.1:1/x', '--slo', 'p95<100', '--arrivals', 'gamma:x'], cap)).toBe(2);
    expect(cap.err[0]).toMatch(/^--arrivals: gamma's burstiness/);
  });

  test('perf capacity passes the arrivals to every step', () => {
    const flags = parseSearchFlags({ arrivals: 'gamma:2', seed: '11' });
    expect(searchSettings(flags, 100).arrivals).toEqual({ kind: 'gamma', burstiness: 2, seed: 11 });
    expect(searchSettings(parseSearchFlags({}), 100).arrivals).toBeUndefined();
  });

  test('the printed summary names random arrivals and their seed', () => {
    const s = { ...makeSummary(), arrivals: { kind: 'poisson' as const, seed: 42 } };
    expect(formatSummary(s).join('\n')).toMatch(/arrivals\s+poisson \(seed 42\): repeat with --seed 42/);
    expect(formatSummary({ ...s, arrivals: { kind: 'constant' } }).join('\n')).not.toMatch(/arrivals/);
  });
});
