import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weightedPicker } from '../../src/load/journeys.ts';
import { runLoad } from '../../src/load/run-load.ts';
import type { IterationContext } from '../../src/load/types.ts';
import { startServer, type TestServer } from './server.ts';

const SERVER_MS = 50;

/** `/slow` answers after 50 ms, `/fail` with a 500, anything else at once. */
function handler(req: IncomingMessage, res: ServerResponse): void {
  const answer = (status: number) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  };
  if (req.url === '/slow') setTimeout(() => answer(200), SERVER_MS);
  else answer(req.url === '/fail' ? 500 : 200);
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the generator stalls (a blocked event loop)
  }
}

describe('journeys in the engine', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer(handler);
  });
  afterAll(() => srv.close());

  it('draws weighted branches with the seeded split: within 3% of the weights over 1,000 draws, the same sequence for the same seed', () => {
    const weights = [60, 30, 10];
    const pick = weightedPicker(weights, 42);
    const draws = Array.from({ length: 1000 }, pick);
    for (const [i, w] of weights.entries()) expect(Math.abs(draws.filter((d) => d === i).length / 1000 - w / 100)).toBeLessThan(0.03);
    expect(Array.from({ length: 1000 }, weightedPicker(weights, 42))).toEqual(draws);
    expect(Array.from({ length: 50 }, weightedPicker([0, 1, 0], 7)).every((d) => d === 1)).toBe(true);
    expect(() => weightedPicker([0, 0], 1)).toThrow(/weights/);
  });

  it('splits 1,000 arriving users over the journeys by weight and gives whole-journey figures', async () => {
    const one = (url: string) => async (ctx: IterationContext) => {
      await ctx.request({ name: 'account', url });
    };
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: {
        seed: 3,
        journeys: [
          { name: 'reader', weight: 70, run: one('/ok') },
          { name: 'chatter', weight: 20, run: one('/ok') },
          { name: 'uploader', weight: 10, run: one('/fail') },
        ],
      },
      model: { type: 'arrival-rate', startRate: 500, stages: [{ durationS: 2, target: 500 }] },
      warmupS: 0,
      judge: 'all',
      timeoutMs: 5000,
    });
    const j = s.journeys!;
    const started = j.reader!.started + j.chatter!.started + j.uploader!.started;
    expect(started).toBe(1000);
    expect(Math.abs(j.reader!.started / started - 0.7)).toBeLessThan(0.03);
    expect(Math.abs(j.chatter!.started / started - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(j.uploader!.started / started - 0.1)).toBeLessThan(0.03);
    expect(j.reader!.share).toBeCloseTo(0.7, 5);
    expect(j.reader!.ok).toBe(j.reader!.completed);
    expect(j.reader!.durationMs.count).toBe(j.reader!.ok);
    expect(j.uploader!.failed).toBe(j.uploader!.started);
    expect(j.uploader!.durationMs.count).toBe(0);
  });

  it('records each step under its request name and judges it with its own bounds', async () => {
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: {
        journeys: [
          {
            name: 'user',
            weight: 1,
            run: async (ctx) => {
              await ctx.request({ name: 'account', url: '/ok' });
              await ctx.request({ name: 'session-list', url: '/fail' });
            },
          },
        ],
      },
      model: { type: 'arrival-rate', startRate: 40, stages: [{ durationS: 2, target: 40 }] },
      stepSlo: {
        account: { latencyMs: { p95: 5000 }, errorRate: 0.01 },
        'session-list': { latencyMs: { p95: 5000 }, errorRate: 0.01 },
        'never-called': { errorRate: 0.01 },
      },
      warmupS: 0,
      judge: 'all',
      timeoutMs: 5000,
    });
    expect(Object.keys(s.steps).sort()).toEqual(['account', 'session-list']);
    expect(s.steps.account!.count).toBe(80);
    const check = (name: string) => s.slo!.checks.find((c) => c.name === name)!;
    expect(check('account › latency.p95').passed).toBe(true);
    expect(check('account › errorRate')).toMatchObject({ passed: true, actual: 0 });
    expect(check('session-list › errorRate')).toMatchObject({ passed: false, actual: 1 });
    // Its requests all failed: no latency of an ok request, so the bound is not measured, not passed.
    expect(check('session-list › latency.p95').passed).toBe(false);
    expect(check('never-called › errorRate')).toMatchObject({ passed: false, reason: 'no request of this step in the judged window' });
    expect(s.slo!.passed).toBe(false);
    expect(s.degradations!.map((d) => d.step)).toEqual(['session-list']);
    expect(s.degradations![0]!.reason).toMatch(/^errors 100% of \d+ requests over 5 s \(bound < 1%\)/);
  });

  it("times each step from the previous step's end plus the think time: a generator stall counts, the pause does not", async () => {
    const thinkMs = 1000;
    const shortThinkMs = 200;
    const stallMs = 300;
    const arrivals: number[] = [];
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: async (ctx) => {
        arrivals.push(performance.now());
        await ctx.request({ name: 'first', url: '/slow' });
        await ctx.sleep(thinkMs);
        arrivals.push(performance.now());
        await ctx.request({ name: 'second', url: '/slow' });
        await ctx.sleep(shortThinkMs);
        busyWait(stallMs);
        await ctx.request({ name: 'third', url: '/slow' });
      },
      model: { type: 'arrival-rate', startRate: 1, stages: [{ durationS: 1, target: 1 }] },
      warmupS: 0,
      judge: 'all',
      timeoutMs: 5000,
    });
    expect(s.requests.ok).toBe(1);
    // The second step waits the think time after the first one's end (>= its 50 ms), and its latency is its own.
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(SERVER_MS + thinkMs - 1);
    expect(s.steps.second!.latencyMs.max).toBeGreaterThanOrEqual(SERVER_MS - 1);
    expect(s.steps.second!.latencyMs.max).toBeLessThan(thinkMs + SERVER_MS);
    // The third was intended at the second's end + 200 ms; the 300 ms stall before its send is part of its latency.
    expect(s.steps.third!.latencyMs.min).toBeGreaterThanOrEqual(stallMs + SERVER_MS - 2);
  });
});
