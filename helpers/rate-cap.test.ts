import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setup, teardown, type SetupExit } from '../perf/global-setup.ts';
import { resetConfig, resolveConfig } from './config.ts';
import { resolveEndpoint } from './resolve-endpoint.ts';

const file = (name: string, text: string): string => {
  const p = join(mkdtempSync(join(tmpdir(), 'perf-rate-cap-')), name);
  writeFileSync(p, text);
  return p;
};

describe('the suite bounds every endpoint rate like perf run --rate, naming the setting', () => {
  it('PERF_RATE_<ID> above 20000/s is refused naming the variable', () => {
    const config = resolveConfig({ PERF_PROFILE: 'pr' });
    expect(() => resolveEndpoint('user-id', config, { PERF_RATE_USER_ID: '1e9' })).toThrow(
      /PERF_RATE_USER_ID=1e9: the user-id hold would run at 1000000000\/s, above 20000\/s/,
    );
    expect(resolveEndpoint('user-id', config, { PERF_RATE_USER_ID: '20000' }).holdRps).toBe(20_000);
  });

  it('PERF_RATE_SCALE and a PERF_CONFIG targetRps are named when they push a rate past the bound', () => {
    expect(() => resolveEndpoint('user-id', resolveConfig({ PERF_RATE_SCALE: '100' }), {})).toThrow(/PERF_RATE_SCALE=100: the user-id hold would run at 70000\/s, above 20000\/s/);
    const cfg = file('perf.config.json', JSON.stringify({ endpoints: { 'guest-chat': { targetRps: 1e300 } } }));
    expect(() => resolveEndpoint('guest-chat', resolveConfig({ PERF_CONFIG: cfg }), {})).toThrow(/PERF_CONFIG endpoints\.guest-chat\.targetRps \(1e\+300\): the guest-chat hold would run at 1e\+300\/s/);
  });

  it('PERF_WORKERS and PERF_SHARD multiply the bound per generator process', () => {
    const config = resolveConfig({});
    expect(resolveEndpoint('user-id', config, { PERF_RATE_USER_ID: '30000', PERF_WORKERS: '2' }).holdRps).toBe(30_000);
    expect(() => resolveEndpoint('user-id', config, { PERF_RATE_USER_ID: '50000', PERF_WORKERS: '2' })).toThrow(/above 40000\/s \(20000\/s per generator process × 2\)/);
  });

  it('the global set-up refuses PERF_RATE_USER_ID=1e9 with one line, before any target is reached', async () => {
    const prev = { rate: process.env.PERF_RATE_USER_ID, base: process.env.BASE_URL };
    process.env.PERF_RATE_USER_ID = '1e9';
    process.env.BASE_URL = 'http://127.0.0.1:1';
    resetConfig();
    const lines: string[] = [];
    const out: SetupExit = { stderr: (l) => void lines.push(l), exit: (code) => { throw new Error(`exit ${code}`); } };
    try {
      await expect(setup({ provide: () => {} } as never, out)).rejects.toThrow('exit 2');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\[perf\] configuration: PERF_RATE_USER_ID=1e9: .*above 20000\/s/);
    } finally {
      if (prev.rate === undefined) delete process.env.PERF_RATE_USER_ID;
      else process.env.PERF_RATE_USER_ID = prev.rate;
      if (prev.base === undefined) delete process.env.BASE_URL;
      else process.env.BASE_URL = prev.base;
      resetConfig();
      await teardown();
    }
  });
});
