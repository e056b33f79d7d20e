import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { okHandler, startServer, type TestServer } from './server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer(okHandler);
});
afterAll(() => srv.close());

const hold = (rate: number, durationS: number) => ({ type: 'arrival-rate' as const, startRate: rate, stages: [{ durationS, target: rate }] });

describe('throughput.targetRps is the asked rate, not scheduled iterations / window', () => {
  it('--rate 3 --duration 2.5 reports 3/s (8 iterations are scheduled: the count keeps its ceiling)', async () => {
    const s = await runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model: hold(3, 2.5), warmupS: 0 });
    expect(s.requests.scheduled).toBe(8);
    expect(s.throughput.targetRps).toBe(3);
  });

  it('a window far shorter than one iteration reports the asked rate, not 1 / window', async () => {
    const s = await runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model: hold(10, 0.001), warmupS: 0 });
    expect(s.requests.scheduled).toBe(1);
    expect(s.throughput.targetRps).toBe(10);
  });

  it('an interrupted run reports the rate it held, and so does one interrupted during its warm-up', async () => {
    const mid = await runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model: hold(70, 5), warmupS: 0, signal: AbortSignal.timeout(555) });
    expect(mid.aborted).toBe(true);
    expect(mid.durationS).toBeGreaterThan(0);
    expect(mid.throughput.targetRps).toBe(70);
    const warm = await runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model: hold(70, 5), warmupS: 2, signal: AbortSignal.timeout(300) });
    expect(warm.aborted).toBe(true);
    expect(warm.durationS).toBe(0);
    expect(warm.throughput.targetRps).toBe(70);
  });

  it('a run stopped before it began (interrupted during set-up: the workers\' empty run) reports the rate asked, not 0', async () => {
    const ac = new AbortController();
    ac.abort(new Error('interrupted during set-up'));
    const s = await runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model: { type: 'arrival-rate', stages: [{ durationS: 5, target: 70 }, { durationS: 30, target: 70 }] }, signal: ac.signal });
    expect(s.aborted).toBe(true);
    expect(s.requests.scheduled).toBe(0);
    expect(s.window).toMatchObject({ kind: 'steady', fromS: 5 });
    expect(s.throughput.targetRps).toBe(70);
  });

  it('a ramp reports the mean of the asked rates over the window; a shard its share', async () => {
    const ramp = await runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model: { type: 'arrival-rate', stages: [{ durationS: 1.5, target: 20 }] }, warmupS: 0 });
    expect(ramp.throughput.targetRps).toBe(10);
    const shard = await runLoad({
      baseUrl: srv.url, scenario: { url: '/' }, model: hold(10, 0.5), warmupS: 0,
      shard: { index: 1, count: 3 }, startAt: Date.now() + 100,
    });
    expect(shard.throughput.targetRps).toBeCloseTo(10 / 3, 3);
  });
});
