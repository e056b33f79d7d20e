import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planLoad } from '../../src/load/plan.ts';
import { runLoad } from '../../src/load/run-load.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';
import { okHandler, startServer, type TestServer } from './server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer(okHandler);
});
afterAll(() => srv.close());

describe('planLoad: the load a run will send, known before it starts', () => {
  it('counts the warm-up range and each stage, and validates like runLoad', () => {
    const plan = planLoad({ scenario: { url: 'http://127.0.0.1:1/' }, model: { type: 'arrival-rate', startRate: 0, stages: [{ durationS: 10, target: 100 }, { durationS: 30, target: 100 }] } });
    expect(plan.warmup).toEqual({ durationS: 1, maxDurationS: 2, ratePerS: 10, iterations: 8, maxIterations: 18 });
    expect(plan.stages.map((s) => s.iterations)).toEqual([500, 3000]);
    expect(plan).toMatchObject({ durationS: 41, maxDurationS: 42, totalIterations: 3508, maxTotalIterations: 3518 });
    const off = planLoad({ scenario: { url: 'http://127.0.0.1:1/' }, warmupS: 0, model: { type: 'arrival-rate', startRate: 5, stages: [{ durationS: 2, target: 5 }] } });
    expect(off).toMatchObject({ warmup: { durationS: 0, iterations: 0 }, totalIterations: 10, maxTotalIterations: 10 });
    expect(() => planLoad({ scenario: { url: 'http://127.0.0.1:1/' }, timeoutMs: 1e12, model: { type: 'arrival-rate', stages: [{ durationS: 1, target: 1 }] } })).toThrow(/timeoutMs/);
  });

  it('the warm-up a run reports sending lies within the planned range', async () => {
    const options: RunLoadOptions = {
      baseUrl: srv.url,
      scenario: { url: '/ok' },
      model: { type: 'arrival-rate', startRate: 40, stages: [{ durationS: 0.5, target: 40 }] },
      maxDispatchLagMs: 1000,
    };
    const plan = planLoad(options);
    const s = await runLoad(options);
    expect(s.warmup?.requests).toBeGreaterThanOrEqual(plan.warmup.iterations!);
    // Recording starts on a timer: on a busy machine it may fire a little late, a few iterations more.
    expect(s.warmup?.requests).toBeLessThanOrEqual(plan.warmup.maxIterations! + 10);
    expect(s.requests.scheduled).toBe(plan.stages[0]!.iterations);
  });
});
