import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapacity } from '../../src/capacity/run.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { createPrometheusTextSampler } from '../../src/resources/text-sampler.ts';
import { startCapacityServer } from './fixtures/spawn-server.ts';

const CAPACITY_RPS = 200;
let server: Awaited<ReturnType<typeof startCapacityServer>>;

beforeAll(async () => {
  server = await startCapacityServer({ CAPACITY_RPS, SERVICE_MS: 10 });
});
afterAll(async () => {
  await server?.stop();
});

describe('capacity search against a server of known capacity', () => {
  it('lands within 10% of the capacity, finds the degradation and samples the target', async () => {
    const sampler = createPrometheusTextSampler({ url: `${server.url}/metrics`, gauges: { queueDepth: 'capacity_queue_depth' } });
    const result = await runCapacity({
      name: 'known',
      route: 'GET /work',
      scenario: { url: `${server.url}/work` },
      slo: { latencyMs: { p95: 50 }, errorRate: 0.01 },
      startRps: 100,
      stepRps: 50,
      maxRps: 400,
      maxRefineSteps: 3,
      stepDurationS: 2,
      rampS: 1,
      settleS: 0.5,
      timeoutMs: 5000,
      connections: 200,
      // The machine is shared (2 cores): judge the generator more leniently than the engine's default.
      maxDispatchLagMs: 40,
      maxLateRatio: 0.05,
      runLoad,
      samplers: [sampler],
      unloaded: { timeMs: 500 },
    });
    const table = result.steps.map((s) => `${s.targetRps}/s p95 ${s.p95.toFixed(1)} ms ${s.passed ? 'pass' : s.failures.join('; ')}`).join('\n');
    expect(result.stoppedBy, table).toBe('target-limit');
    expect(result.maxStableRps, table).toBeGreaterThanOrEqual(CAPACITY_RPS * 0.9);
    expect(result.maxStableRps, table).toBeLessThanOrEqual(CAPACITY_RPS * 1.1);
    expect(result.steps.some((s) => s.phase === 'refine')).toBe(true);
    expect(result.unloadedP50Ms).toBeGreaterThan(9);
    expect(result.unloadedP95Ms).toBeGreaterThanOrEqual(result.unloadedP50Ms);
    // Queueing above capacity blows p95 far past 3 × unloaded: the degradation threshold sits just above the capacity.
    expect(result.degradationRps).not.toBeNull();
    expect(result.degradationRps!).toBeGreaterThan(CAPACITY_RPS * 0.9);
    expect(result.degradationRps!).toBeLessThanOrEqual(CAPACITY_RPS * 1.3);
    // Resources were sampled from the target's /metrics during the steps.
    expect(result.steps[0]!.resources?.['rssBytes']?.max).toBeGreaterThan(1e6);
    expect(result.resources?.['cpuPercent']?.max).toBeGreaterThan(0);
    expect(Math.max(...result.steps.map((s) => s.resources?.['queueDepth']?.max ?? 0))).toBeGreaterThan(0);
    expect(result.verdict).toMatch(/maximum stable rate \d+(\.\d)?\/s; fails at/);
    expect(result.observations.join(' ')).toMatch(/p95 .* at the maximum stable/);
  });
});
