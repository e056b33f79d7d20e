import { afterEach, describe, expect, it } from 'vitest';
import { setup, teardown, type SetupExit } from '../perf/global-setup.ts';
import { resetConfig, resolveConfig } from './config.ts';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Runs setup against a target that never answers, with `vars` set: a configuration error must come first. */
async function failedSetup(vars: Record<string, string>): Promise<{ lines: string[]; code: number }> {
  const all = { BASE_URL: 'http://127.0.0.1:9', ...vars };
  const prev = Object.fromEntries(Object.keys(all).map((k) => [k, process.env[k]]));
  Object.assign(process.env, all);
  resetConfig();
  const lines: string[] = [];
  const out: SetupExit = { stderr: (line) => void lines.push(line), exit: (code) => { throw new Exited(code); } };
  try {
    await setup({ provide: () => {} } as never, out);
    throw new Error('setup did not fail');
  } catch (err) {
    if (!(err instanceof Exited)) throw err;
    return { lines, code: err.code };
  } finally {
    for (const [k, v] of Object.entries(prev)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetConfig();
  }
}

afterEach(async () => {
  await teardown();
});

describe('PERF_ARRIVALS and PERF_SEED (the suite)', () => {
  it('defaults to constant arrivals; poisson, gamma:<burstiness> and a seed are read', () => {
    expect(resolveConfig({}).arrivals).toEqual({ kind: 'constant' });
    expect(resolveConfig({ PERF_ARRIVALS: 'poisson', PERF_SEED: '9' }).arrivals).toEqual({ kind: 'poisson', seed: 9 });
    expect(resolveConfig({ PERF_ARRIVALS: 'gamma:0.5' }).arrivals).toEqual({ kind: 'gamma', burstiness: 0.5 });
  });

  it('a bad value stops the run before any request: one line naming the variable, exit 2', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PERF_ARRIVALS: 'bursty' }, /^\[perf\] configuration: PERF_ARRIVALS: expected constant, poisson or gamma:<burstiness>/],
      [{ PERF_ARRIVALS: 'gamma:0' }, /^\[perf\] configuration: PERF_ARRIVALS: gamma's burstiness must be a number/],
      [{ PERF_ARRIVALS: 'poisson', PERF_SEED: 'x' }, /^\[perf\] configuration: PERF_SEED: expected an integer/],
      [{ PERF_SEED: '3' }, /^\[perf\] configuration: PERF_SEED: applies to random arrivals only/],
      [{ PERF_ARRIVALS: 'poisson', PERF_SHARD: '0/2', PERF_START_AT: String(Date.now() + 600_000) }, /^\[perf\] configuration: PERF_SEED: PERF_SHARD with PERF_ARRIVALS=poisson needs PERF_SEED/],
    ];
    for (const [vars, line] of cases) {
      const { lines, code } = await failedSetup(vars);
      expect(code, JSON.stringify(vars)).toBe(2);
      expect(lines, JSON.stringify(vars)).toEqual([expect.stringMatching(line)]);
    }
  });
});
