import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCapacityResult } from '../../src/capacity/format.ts';
import { runCapacity } from '../../src/capacity/run.ts';
import type { RunLoad, RunLoadOptions } from '../../src/load/types.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { dist, makeSummary } from '../slo/fixtures.ts';

let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A target that keeps up with any rate below `limit` (p95 10 ms): every held second completes `rate` requests ok. */
function fakeLoad(limit = Infinity): { runLoad: RunLoad; calls: RunLoadOptions[] } {
  const calls: RunLoadOptions[] = [];
  const runLoad = (async (o: RunLoadOptions): Promise<RunSummary> => {
    calls.push(o);
    const model = o.model as { stages: { durationS: number; target: number }[] };
    const hold = model.stages.at(-1)!;
    const rampS = model.stages.length > 1 ? model.stages[0]!.durationS : 0;
    const rate = hold.target;
    const ok = rate <= limit ? Math.round(rate * hold.durationS) : 0;
    const failed = Math.round(rate * hold.durationS) - ok;
    const requests = { scheduled: ok + failed, sent: ok + failed, completed: ok + failed, ok, failed, dropped: 0 };
    const timeline = Array.from({ length: rampS + hold.durationS + 2 }, (_, t) => ({
      t, targetRps: rate, sent: rate, ok: rate <= limit ? rate : 0, failed: rate <= limit ? 0 : rate, dropped: 0, errors: {}, inFlight: 0, p50: 5, p95: 10, p99: 12,
    }));
    return makeSummary({
      name: o.name ?? 'fake',
      window: { kind: 'steady', fromS: rampS, toS: rampS + hold.durationS },
      requests,
      throughput: { targetRps: rate, achievedRps: rate },
      errorRate: failed / Math.max(1, ok + failed),
      latencyMs: dist(ok, { p50: 5, p90: 8, p95: 10, p99: 12, max: 15 }),
      timeline,
    });
  }) as unknown as RunLoad;
  return { runLoad, calls };
}

const SLO = { latencyMs: { p95: 500, p99: 1000 }, errorRate: 0.01 };
const base = { name: 'redeem', slo: SLO, rampS: 0, settleS: 0, stepDurationS: 5, unloaded: { timeMs: 200 } };

describe('capacity steps of low-rate endpoints', () => {
  it('hold each step long enough for the p99 bound, so 18/s with 5 s steps is judged, not starved', async () => {
    const load = fakeLoad();
    const result = await runCapacity({ ...base, scenario: { url }, runLoad: load.runLoad, startRps: 18, stepRps: 18, maxRps: 36 });
    const first = result.steps[0]!;
    expect(first.failures).toEqual([]);
    expect(first.passed).toBe(true);
    expect(first.holdS! * 18).toBeGreaterThanOrEqual(100);
    expect(result.maxStableRps).toBe(36);
    // The faster step needs no extension beyond --step-duration.
    expect(result.steps[1]!.holdS).toBe(5);
  });

  it('judge only the percentiles a step can measure at the longest hold, and say so', async () => {
    const load = fakeLoad();
    const result = await runCapacity({ ...base, scenario: { url }, runLoad: load.runLoad, startRps: 1, stepRps: 1, maxRps: 1, maxStepDurationS: 30 });
    const step = result.steps[0]!;
    expect(step.holdS).toBe(30);
    expect(step.skippedBounds).toEqual(['latency.p99']);
    expect(step.passed).toBe(true);
    expect(load.calls[0]!.slo?.latencyMs).toEqual({ p95: 500 });
    expect(result.notes.join('\n')).toMatch(/latency\.p99 not measured at 1\/s and below: .*judged there from the lower percentiles and the max/);
  });

  it('halve a failing start rate instead of giving up, and never advise a lower --start', async () => {
    const load = fakeLoad(6);
    const result = await runCapacity({ ...base, scenario: { url }, runLoad: load.runLoad, startRps: 18, stepRps: 18, maxRps: 36 });
    expect(result.steps.map((s) => s.targetRps).slice(0, 3)).toEqual([18, 9, 4.5]);
    expect(result.maxStableRps).toBeGreaterThanOrEqual(4.5);
    expect(result.maxStableRps).toBeLessThanOrEqual(6);
    expect(result.stoppedBy).toBe('target-limit');
    expect(result.verdict).not.toMatch(/lower --start/);
  });

  it('report no stable rate only when even the lowest rate fails, without pointing the wrong way', async () => {
    const load = fakeLoad(0);
    const result = await runCapacity({ ...base, scenario: { url }, runLoad: load.runLoad, startRps: 4, stepRps: 4, maxRps: 8, maxStepDurationS: 5 });
    expect(result.steps.map((s) => s.targetRps)).toEqual([4, 2, 1]);
    expect(result.stoppedBy).toBe('start-failed');
    expect(result.maxStableRps).toBeNull();
    expect(result.verdict).toMatch(/every rate tried fails, down to 1\/s/);
    expect(result.verdict).not.toMatch(/lower --start/);
  });
});

describe('the verdict of a generator-bound search', () => {
  it('names the rate the generator could not hold at the end, not an earlier stall that passed on its retry', async () => {
    const load = fakeLoad();
    let n = 0;
    const runLoad = (async (o: Parameters<RunLoad>[0]) => {
      const s = await load.runLoad(o);
      const rate = (o.model as { stages: { target: number }[] }).stages.at(-1)!.target;
      n++;
      // 18/s stalls once then passes; 36/s stalls twice: the search stops there.
      const stalled = (rate === 18 && n === 1) || rate === 36;
      return stalled ? { ...s, generator: { ...s.generator, valid: false } } : s;
    }) as unknown as RunLoad;
    const result = await runCapacity({ ...base, scenario: { url }, runLoad, startRps: 18, stepRps: 18, maxRps: 54 });
    expect(result.stoppedBy).toBe('generator-limit');
    expect(result.maxStableRps).toBe(18);
    expect(result.verdict).toMatch(/could not hold 36\/s/);
  });
});

describe('a search whose load generator never kept up', () => {
  it('claims no degradation result: no "up to 0/s", no "p95 never above"', async () => {
    const load = fakeLoad();
    const runLoad = (async (o: Parameters<RunLoad>[0]) => {
      const s = await load.runLoad(o);
      return { ...s, generator: { ...s.generator, valid: false } };
    }) as unknown as RunLoad;
    const result = await runCapacity({ ...base, scenario: { url }, runLoad, startRps: 18, stepRps: 18, maxRps: 54 });
    expect(result.stoppedBy).toBe('generator-limit');
    expect(result.notes.join('\n')).not.toMatch(/up to 0\/s/);
    const text = formatCapacityResult(result).join('\n');
    expect(text).toMatch(/degradation threshold: unknown \(no step's load generator kept up\)/);
    expect(text).not.toMatch(/never above/);
  });
});

describe('the verdict of a target-bound search', () => {
  it('gives the reasons of the judged run at the failing rate, not of a generator stall retried there', async () => {
    const load = fakeLoad(20);
    let stalled = false;
    const runLoad = (async (o: Parameters<RunLoad>[0]) => {
      const s = await load.runLoad(o);
      const rate = (o.model as { stages: { target: number }[] }).stages.at(-1)!.target;
      if (rate === 36 && !stalled) {
        stalled = true;
        return { ...s, generator: { ...s.generator, valid: false, notes: ['generator overloaded: p99 dispatch lag 99 ms'] } };
      }
      return s;
    }) as unknown as RunLoad;
    const result = await runCapacity({ ...base, scenario: { url }, runLoad, startRps: 18, stepRps: 18, maxRps: 54, maxRefineSteps: 0 });
    expect(result.stoppedBy).toBe('target-limit');
    expect(result.verdict).toMatch(/fails at 36\/s \(/);
    expect(result.verdict).not.toMatch(/generator overloaded/);
  });
});

describe('generator health of a low-rate step', () => {
  it('allows 3 late iterations of a short step, as the suite does, not 1% of 126', async () => {
    const load = fakeLoad();
    await runCapacity({ ...base, scenario: { url }, runLoad: load.runLoad, startRps: 3, stepRps: 3, maxRps: 3 });
    expect(load.calls[0]!.maxLateRatio).toBeCloseTo(3 / (3 * 42), 5);
  });
});
