import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { parseRunSummary } from '../../src/result/schema.ts';
import { okHandler, startServer, type TestServer } from './server.ts';

describe('arrival-rate model', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer(okHandler);
  });
  afterAll(() => srv.close());

  it('starts iterations at the scheduled rate and follows the ramp per second', async () => {
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/ok' },
      model: { type: 'arrival-rate', stages: [{ durationS: 2, target: 100 }, { durationS: 1, target: 100 }] },
      warmupS: 0,
    });
    expect(s.whole.requests.scheduled).toBe(200);
    expect(s.whole.requests.sent).toBe(200);
    expect(s.whole.requests.ok).toBe(200);
    // ramp 0→100 over 2 s then hold: 25, 75, 100 iterations scheduled per second (by intended
    // start, exact); the seconds they were sent in depend on the machine, their total does not
    expect(s.timeline.slice(0, 3).map((e) => e.targetRps)).toEqual([25, 75, 100]);
    expect(s.timeline.reduce((n, e) => n + e.sent, 0)).toBe(200);
    // the judged window is the hold
    expect(s.window).toEqual({ kind: 'steady', fromS: 2, toS: 3 });
    expect(s.requests.scheduled).toBe(100);
    expect(s.throughput.targetRps).toBe(100);
    expect(s.throughput.achievedRps).toBeGreaterThan(95);
    expect(s.latencyMs.count).toBe(100);
    expect(s.whole.latencyMs.count).toBe(200);
    expect(s.errorRate).toBe(0);
    expect(s.statusCodes).toEqual({ '200': 100 });
    expect(s.steps.request?.count).toBe(100);
    expect(s.histograms.latency).toBeTypeOf('string');
    expect(s.generator.dispatchLagMs?.count).toBe(200);
  });

  it('measures latency from the intended start: a stall behind one connection shows in latency, not service time', async () => {
    const stall = await startServer((_req, res, n) => {
      setTimeout(() => okHandler(_req, res), n === 30 ? 300 : 0);
    });
    try {
      const s = await runLoad({
        baseUrl: stall.url,
        scenario: { url: '/stall' },
        model: { type: 'arrival-rate', startRate: 100, stages: [{ durationS: 1.5, target: 100 }] },
        connections: 1,
        warmupS: 0,
      });
      expect(s.requests.ok).toBe(150);
      // ~30 requests queued behind the stalled one, waiting up to 300 ms
      expect(s.latencyMs.p90).toBeGreaterThan(100);
      expect(s.latencyMs.max).toBeGreaterThan(280);
      // service time starts when the request reaches the socket: the queue wait is not in it
      expect(s.serviceTimeMs.p90).toBeLessThan(s.latencyMs.p90);
      expect(s.serviceTimeMs.max).toBeGreaterThan(280);
    } finally {
      await stall.close();
    }
  });

  it('counts iterations beyond maxInFlight as dropped, in the error rate', async () => {
    const slow = await startServer((req, res) => setTimeout(() => okHandler(req, res), 400));
    try {
      const s = await runLoad({
        baseUrl: slow.url,
        scenario: { url: '/slow' },
        model: { type: 'arrival-rate', startRate: 50, stages: [{ durationS: 1, target: 50 }] },
        maxInFlight: 5,
        warmupS: 0,
      });
      expect(s.requests.scheduled).toBe(50);
      expect(s.requests.dropped).toBeGreaterThan(20);
      expect(s.requests.sent + s.requests.dropped).toBe(50);
      expect(s.errors.dropped).toBe(s.requests.dropped);
      expect(s.errorRate).toBeCloseTo((s.requests.failed + s.requests.dropped) / 50, 9);
      expect(s.timeline.reduce((a, e) => a + e.dropped, 0)).toBe(s.requests.dropped);
      expect(s.errorMessages?.dropped).toContain('5');
    } finally {
      await slow.close();
    }
  });

  it('runs the warm-up unrecorded, then records', async () => {
    const before = srv.hits();
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/ok' },
      model: { type: 'arrival-rate', startRate: 20, stages: [{ durationS: 1, target: 20 }] },
      warmupS: 0.5,
    });
    expect(s.whole.requests.sent).toBe(20);
    // ramp to 20/s over 0.25 s, hold until settled: at least 0.5 s, at most maxWarmupS (1 s)
    expect(s.warmup?.requests).toBeGreaterThanOrEqual(7);
    expect(srv.hits() - before).toBe(20 + s.warmup!.requests);
    expect(s.durationS).toBe(1);
  });

  it('reports the warm-up load the target received in summary.warmup, and none with warmupS: 0', async () => {
    let before = srv.hits();
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/ok' },
      model: { type: 'arrival-rate', startRate: 40, stages: [{ durationS: 0.5, target: 40 }] },
      warmupS: 0.5,
    });
    const warmHits = srv.hits() - before - s.whole.requests.sent;
    expect(warmHits).toBeGreaterThan(0);
    expect(s.warmup).toMatchObject({ ratePerS: 40, requests: warmHits });
    expect(s.warmup!.durationS).toBeGreaterThanOrEqual(0.5);
    expect(s.warmup!.durationS).toBeLessThanOrEqual(1.1);
    before = srv.hits();
    const off = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/ok' },
      model: { type: 'arrival-rate', startRate: 40, stages: [{ durationS: 0.5, target: 40 }] },
      warmupS: 0,
    });
    expect(srv.hits() - before).toBe(off.whole.requests.sent);
    expect(off.warmup).toEqual({ durationS: 0, ratePerS: 0, requests: 0 });
    // the run-summary schema reads it back, and names a broken one
    expect(parseRunSummary(JSON.parse(JSON.stringify(s))).ok).toBe(true);
    expect(parseRunSummary({ ...JSON.parse(JSON.stringify(s)), warmup: { durationS: 'long', ratePerS: 40, requests: 1 } })).toMatchObject({ ok: false, error: expect.stringMatching(/^warmup\.durationS: /) });
  });
});
