import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapacity } from '../../src/capacity/run.ts';
import { decideUnmeasured } from '../../src/capacity/unmeasured.ts';
import type { RunLoad, RunLoadOptions } from '../../src/load/types.ts';
import type { Distribution, RunSummary } from '../../src/result/types.ts';
import { dist, makeSummary } from '../slo/fixtures.ts';

let server: Server;
let url = '';

beforeAll(async () => {
  // A 20 ms endpoint: its p50 alone breaks a 10 ms bound.
  server = createServer((_req, res) => setTimeout(() => res.end('ok'), 20));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A target whose every step completes at the rate with the latency `latency` of its ok requests. */
function fixedLoad(latency: (count: number) => Distribution): RunLoad {
  return (async (o: RunLoadOptions): Promise<RunSummary> => {
    const hold = (o.model as { stages: { durationS: number; target: number }[] }).stages.at(-1)!;
    const ok = Math.round(hold.target * hold.durationS);
    return makeSummary({
      window: { kind: 'steady', fromS: 0, toS: hold.durationS },
      requests: { scheduled: ok, sent: ok, completed: ok, ok, failed: 0, dropped: 0 },
      throughput: { targetRps: hold.target, achievedRps: hold.target, sentRps: hold.target },
      latencyMs: latency(ok),
      timeline: Array.from({ length: hold.durationS + 1 }, (_, t) => ({
        t, targetRps: hold.target, sent: hold.target, ok: hold.target, failed: 0, dropped: 0, errors: {}, inFlight: 0, p50: 5, p95: 10, p99: 12,
      })),
    });
  }) as unknown as RunLoad;
}

const base = { name: 'x', rampS: 0, settleS: 0, stepDurationS: 2, maxStepDurationS: 2, unloaded: { timeMs: 200 } };

describe('a capacity step that cannot measure a percentile of its SLO', () => {
  it('fails when a lower percentile already breaks the bound (20 ms target, p99<10: never stable)', async () => {
    const result = await runCapacity({
      ...base, scenario: { url }, runLoad: (await import('../../src/load/run-load.ts')).runLoad,
      slo: { latencyMs: { p99: 10 } }, startRps: 20, stepRps: 10, maxRps: 30, minRps: 20, maxDispatchLagMs: 200, maxLateRatio: 0.5,
    });
    const first = result.steps[0]!;
    expect(first.skippedBounds).toEqual(['latency.p99']);
    expect(first.passed).toBe(false);
    expect(first.failures.join('\n')).toMatch(/latency\.p99 not measurable \(\d+ < 100 samples\), but latency\.p\d+ = [\d.]+ ms is already ≥ 10 ms/);
    expect(result.maxStableRps).toBeNull();
    expect(result.stoppedBy).toBe('start-failed');
    expect(result.verdict).not.toMatch(/maximum stable rate/);
  });

  it('passes when the max is under the bound, and the maximum stable rate is a rate that was held', async () => {
    const result = await runCapacity({
      ...base, scenario: { url }, runLoad: fixedLoad((n) => dist(n, { p50: 5, p90: 6, p95: 7, p99: 8, max: 9 })),
      slo: { latencyMs: { p99: 10 } }, startRps: 20, stepRps: 10, maxRps: 30,
    });
    expect(result.steps.map((s) => [s.targetRps, s.passed])).toEqual([[20, true], [30, true]]);
    expect(result.steps.every((s) => s.skippedBounds?.includes('latency.p99'))).toBe(true);
    expect(result.maxStableRps).toBe(30);
    expect(result.steps.some((s) => s.passed && s.targetRps === result.maxStableRps)).toBe(true);
  });

  it('is not stable when neither decides: lower percentiles under the bound, the max above it', async () => {
    const result = await runCapacity({
      ...base, scenario: { url }, runLoad: fixedLoad((n) => dist(n, { p50: 5, p90: 6, p95: 7, p99: 300, max: 300 })),
      slo: { latencyMs: { p99: 200 } }, startRps: 20, stepRps: 10, maxRps: 30, minRps: 20,
    });
    expect(result.steps[0]!.passed).toBe(false);
    expect(result.steps[0]!.failures.join('\n')).toMatch(/latency\.p99 undecided: insufficient samples \(40 < 100\), and the max 300 ms is not under 200 ms/);
    expect(result.maxStableRps).toBeNull();
  });
});

describe('the verdict of a search that only lacked samples', () => {
  it('advises a longer step, in Chinese too', async () => {
    const result = await runCapacity({
      ...base, scenario: { url }, runLoad: fixedLoad((n) => dist(n, { p50: 5, p90: 6, p95: 7, p99: 300, max: 300 })), lang: 'zh',
      slo: { latencyMs: { p99: 200 } }, startRps: 20, stepRps: 10, maxRps: 30, minRps: 20,
    });
    expect(result.verdict).toMatch(/无法判定：样本不足/);
    expect(result.verdict).toMatch(/每个阶梯样本太少：请增大 --step-duration/);
  });
});

describe('decideUnmeasured', () => {
  const slo = { latencyMs: { p99: 10 }, ttftMs: { p99: 50 } };
  it('uses only lower percentiles measured with their own samples', () => {
    // One sample: p50 needs 2, so its value decides nothing; the max (20) is not under 10.
    const one = makeSummary({ latencyMs: dist(1, { p50: 20, p90: 20, p95: 20, p99: 20, max: 20 }) });
    expect(decideUnmeasured(one, slo, ['latency.p99']).map((d) => d.outcome)).toEqual(['undecided']);
    const many = makeSummary({ latencyMs: dist(30, { p50: 4, p90: 12, p95: 14, p99: 20, max: 20 }) });
    expect(decideUnmeasured(many, slo, ['latency.p99'])[0]).toMatchObject({ outcome: 'fail', text: expect.stringMatching(/latency\.p90 = 12 ms/) });
  });

  it('judges the percentile itself when the step got its samples after all', () => {
    const s = makeSummary({ latencyMs: dist(100, { p50: 4, p90: 5, p95: 6, p99: 107, max: 120 }) });
    expect(decideUnmeasured(s, slo, ['latency.p99'])[0]).toMatchObject({ outcome: 'fail', text: 'latency.p99 = 107 ms, expected < 10 ms' });
    const fast = makeSummary({ latencyMs: dist(100, { p50: 4, p90: 5, p95: 6, p99: 8, max: 120 }) });
    expect(decideUnmeasured(fast, slo, ['latency.p99'])[0]!.outcome).toBe('pass');
  });

  it('judges TTFT bounds on the streams, and says so in Chinese too', () => {
    const s = makeSummary({ latencyMs: dist(30, { max: 5 }) });
    expect(decideUnmeasured(s, slo, ['ttft.p99'], 'zh')[0]).toMatchObject({ outcome: 'undecided', text: expect.stringMatching(/ttft\.p99 无法判定：样本不足（0 < 100）/) });
  });
});
