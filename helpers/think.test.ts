import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/index.ts';
import { createSimServer, type SimServer } from '../sim/server.ts';
import { resolveConfig } from './config.ts';
import { buildScenario } from './endpoint.ts';
import { resolveEndpoint } from './resolve-endpoint.ts';
import { runEndpoint } from './run-endpoint.ts';
import { knownSettings } from './settings.ts';
import { SuiteContext } from './suite-context.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

let sim: SimServer;
let dir: string;
const saved = { dir: process.env.PERF_RESULTS_DIR, run: process.env.PERF_RUN_ID };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perf-think-'));
  process.env.PERF_RESULTS_DIR = dir;
  process.env.PERF_RUN_ID = 'think';
  // seed-report as it is, but no 200,000-user table and a quick model (its guest-chat warm-up is not scaled)
  sim = await createSimServer({ profile: 'seed-report', config: { seedUsers: 0, timeScale: 0.05 } });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  for (const [k, v] of [['PERF_RESULTS_DIR', saved.dir], ['PERF_RUN_ID', saved.run]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** Guest chat at 5/s, 1 s ramp and a 4 s judged hold, against the seed-report simulator. */
async function guestChat(env: Record<string, string>): Promise<RunSummary> {
  const all = { PERF_ABORT_ON_FAIL: '0', ...env };
  const config = resolveConfig(all);
  const e = resolveEndpoint('guest-chat', config, all);
  const endpoint = { ...e, stages: [{ durationS: 1, target: 5 }, { durationS: 4, target: 5 }], durationS: 5, holdRps: 5 };
  const suite = new SuiteContext(config, sim.url);
  try {
    const scenario = await buildScenario(endpoint.scenarios[0], suite.kit(endpoint));
    return await runEndpoint({ config, baseUrl: sim.url, endpoint, scenarioName: 'think', scenario });
  } finally {
    await suite.close();
  }
}

describe('think time, as the report used it', () => {
  it('guest chat against seed-report: 500s without think time, within its error bound with PERF_THINK_GUEST_CHAT=2s', async () => {
    const without = await guestChat({ PERF_THINK_GUEST_CHAT: '0' });
    expect(without.statusCodes['500']).toBeGreaterThan(0);
    expect(without.slo?.checks.find((c) => c.name === 'errorRate')?.passed).toBe(false);

    const withThink = await guestChat({ PERF_THINK_GUEST_CHAT: '2s' });
    expect(withThink.extra?.thinkTime).toBe('2 s');
    expect(withThink.statusCodes['500']).toBeUndefined();
    expect(withThink.slo?.checks.find((c) => c.name === 'errorRate')).toMatchObject({ passed: true, actual: 0 });
  });

  it('PERF_THINK_<ID> is a known setting of the endpoints with a think time only, and a bad value names it', () => {
    const names = knownSettings().map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['PERF_THINK_GUEST_CHAT', 'PERF_THINK_CHAT']));
    expect(names).not.toContain('PERF_THINK_ACCOUNT');
    expect(() => resolveConfig({ PERF_THINK_GUEST_CHAR: '2s' })).toThrow(/PERF_THINK_GUEST_CHAT/);
    expect(resolveEndpoint('chat', resolveConfig({}), {}).think).toEqual({ kind: 'fixed', ms: 2000 });
    expect(resolveEndpoint('account', resolveConfig({}), {}).think).toEqual({ kind: 'fixed', ms: 0 });
    expect(() => resolveEndpoint('chat', resolveConfig({}), { PERF_THINK_CHAT: 'soon' })).toThrow(/^PERF_THINK_CHAT: "soon" is not a duration/);
  });
});
