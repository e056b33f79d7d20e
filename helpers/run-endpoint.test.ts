import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolledSampler, type LeakVerdict, registerLeakMatchers, type Scenario } from '../src/index.ts';
import { resolveConfig } from './config.ts';
import { resolveEndpoint, type ResolvedEndpoint } from './resolve-endpoint.ts';
import { runEndpoint } from './run-endpoint.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

registerLeakMatchers();
const MIB = 1024 * 1024;
let dir: string;
const savedEnv = { dir: process.env.PERF_RESULTS_DIR, run: process.env.PERF_RUN_ID };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'perf-leak-'));
  process.env.PERF_RESULTS_DIR = dir;
  process.env.PERF_RUN_ID = 'leak-plumbing';
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const [k, v] of [['PERF_RESULTS_DIR', savedEnv.dir], ['PERF_RUN_ID', savedEnv.run]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/**
 * A target whose memory is 50 MiB, 150 MiB while iterations run, and after the load either
 * stays up (`leaky`) or comes back down.
 */
function fakeTarget(leaky: boolean): { scenario: Scenario; sampler: ReturnType<typeof createPolledSampler> } {
  let lastIterationMs = 0;
  let loaded = false;
  const sampler = createPolledSampler({
    name: 'resources',
    source: 'fake',
    intervalMs: 100,
    scrape: async () => {
      const busy = Date.now() - lastIterationMs < 300;
      const mem = busy || (leaky && loaded) ? 150 * MIB : 50 * MIB;
      return { values: { jsMemoryBytes: mem, cpuPercent: busy ? 30 : 1 } };
    },
  });
  const scenario: Scenario = async () => {
    lastIterationMs = Date.now();
    loaded = true;
  };
  return { scenario, sampler };
}

function shortRun(env: Record<string, string>): ResolvedEndpoint {
  const e = resolveEndpoint('create-session', resolveConfig(env), {});
  return { ...e, stages: [{ durationS: 1, target: 20 }], durationS: 1, slo: { errorRate: 0.5 } };
}

async function run(endpoint: ResolvedEndpoint, leaky: boolean) {
  const { scenario, sampler } = fakeTarget(leaky);
  return runEndpoint({
    config: resolveConfig({}),
    baseUrl: 'http://127.0.0.1:9',
    endpoint,
    scenarioName: `leak plumbing ${leaky ? 'leaky' : 'released'}`,
    scenario,
    samplers: [sampler],
  });
}

describe('runEndpoint leak check (create-session, chat)', () => {
  it('puts a failing verdict on the summary when memory stays up after the load, named in the matcher message', async () => {
    const summary = await run(shortRun({ PERF_COOLDOWN_S: '1.5' }), true);
    const leak = summary.extra?.['leak'] as LeakVerdict;
    expect(leak.leaked).toBe(true);
    expect(leak.baselineBytes).toBe(50 * MIB);
    expect(leak.endBytes).toBe(150 * MIB);
    expect(leak.cooldownS).toBeGreaterThanOrEqual(1);
    expect(summary.timeline.some((e) => e.resources?.['jsMemoryBytes'] === 150 * MIB)).toBe(true);
    expect(() => expect(summary).toReleaseMemory()).toThrow(/^create-session: memory not released: jsMemoryBytes baseline 50\.0 MiB, peak 150\.0 MiB, 150\.0 MiB after/);
  }, 30_000);

  it('passes when memory returns to its baseline within the cool-down', async () => {
    const summary = await run(shortRun({ PERF_COOLDOWN_S: '3' }), false);
    const leak = summary.extra?.['leak'] as LeakVerdict;
    expect(leak.leaked, leak.reason).toBe(false);
    expect(leak.peakBytes).toBe(150 * MIB);
    expect(summary).toReleaseMemory();
  }, 30_000);

  it('records a skip with its reason when the profile has no cool-down, and the matcher lets it pass', async () => {
    const summary = await run(shortRun({ PERF_PROFILE: 'smoke' }), true);
    expect(summary.extra?.['leak']).toEqual({ skipped: true, reason: 'no cool-down in the smoke profile (PERF_COOLDOWN_S)' });
    expect(summary.extra?.['skippedBounds']).toContain('leak');
    expect(summary).toReleaseMemory();
  }, 30_000);

  it('fails a summary that carries no leak verdict at all', () => {
    const summary = { name: 'chat', requests: {}, extra: {} };
    expect(() => expect(summary).toReleaseMemory()).toThrow(/chat: no leak verdict on the run summary/);
  });
});

describe('runEndpoint with PERF_PROMETHEUS_RW_URL', () => {
  it('streams the run to the receiver, labelled run_id, endpoint, scenario, and records how the writes went in extra', async () => {
    const { createServer } = await import('node:http');
    const { decodeWriteRequest } = await import('../src/export/remote-write-proto.ts');
    const labels: Record<string, string>[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        for (const s of decodeWriteRequest(Buffer.concat(chunks))) labels.push(s.labels);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    process.env.PERF_PROMETHEUS_RW_URL = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/api/v1/write`;
    try {
      const summary = await run(shortRun({ PERF_PROFILE: 'smoke' }), false);
      expect(summary.extra?.['prometheusRemoteWrite']).toMatchObject({ failed: 0, dropped: 0 });
      expect((summary.extra?.['prometheusRemoteWrite'] as { writes: number }).writes).toBeGreaterThan(0);
      expect(labels.length).toBeGreaterThan(0);
      expect(labels.every((l) => l.run_id === 'leak-plumbing' && l.endpoint === 'create-session' && l.scenario === 'leak plumbing released')).toBe(true);
      expect(labels.map((l) => l.__name__)).toContain('perf_requests_sent_total');
    } finally {
      delete process.env.PERF_PROMETHEUS_RW_URL;
      receiver.close();
    }
  }, 30_000);
});
