import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/index.ts';
import type { Progress } from '../../src/load/types.ts';
import { okHandler, startServer, type TestServer } from './server.ts';

function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // on purpose
  }
}

// Behaviour only: what the warm-up sent and for how long it held, never how fast anything ran.
describe('warm-up', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer(okHandler);
  });
  afterAll(() => srv.close());

  it('ramps to the recorded rate over half of warmupS, then holds it until recording starts', async () => {
    const before = srv.hits();
    const warm: Progress[] = [];
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/' },
      model: { type: 'arrival-rate', startRate: 200, stages: [{ durationS: 1, target: 200 }] },
      warmupS: 1,
      onProgress: (p) => {
        if (p.phase === 'warmup') warm.push(p);
      },
    });
    const w = s.warmup!;
    expect(w.ratePerS).toBe(200);
    expect(w.durationS).toBeGreaterThanOrEqual(1);
    expect(w.durationS).toBeLessThanOrEqual(2.1);
    // ramp 0 -> 200/s over 0.5 s (50 requests), then 200/s for the rest of the warm-up
    expect(Math.abs(w.requests - (50 + 200 * (w.durationS - 0.5)))).toBeLessThanOrEqual(3);
    expect(srv.hits() - before).toBe(w.requests + s.whole.requests.sent);
    expect(warm.reduce((n, p) => n + p.last.sent, 0)).toBe(w.requests);
    expect(s.timeline[0]?.sent).toBe(200);
  });

  it('holds the warm-up until the generator settled: a stall in it extends it past warmupS', async () => {
    let blocked = false;
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: async (ctx) => {
        // 50 iterations in the 0.5 s ramp, then 200/s: iteration 110 is due at ~0.8 s
        if (!blocked && ctx.iteration === 110) {
          blocked = true;
          block(40);
        }
        await ctx.request({ url: '/' });
      },
      model: { type: 'arrival-rate', startRate: 200, stages: [{ durationS: 0.5, target: 200 }] },
      warmupS: 1,
      maxWarmupS: 3,
    });
    expect(blocked).toBe(true);
    // quiet for 0.5 s after the stall ended (~0.84 s) at the earliest
    expect(s.warmup!.durationS).toBeGreaterThanOrEqual(1.3);
    expect(s.warmup!.durationS).toBeLessThanOrEqual(3.1);
    expect(s.requests.sent).toBe(100);
  });

  it('gives up at maxWarmupS when the generator never settles, and says so', async () => {
    const stalls = setInterval(() => block(15), 60);
    try {
      const s = await runLoad({
        baseUrl: srv.url,
        scenario: { url: '/' },
        model: { type: 'arrival-rate', startRate: 100, stages: [{ durationS: 0.5, target: 100 }] },
        warmupS: 0.4,
        maxWarmupS: 0.8,
      });
      expect(s.warmup!.durationS).toBeGreaterThanOrEqual(0.8);
      expect(s.warmup!.durationS).toBeLessThan(1.2);
      expect(s.generator.notes).toContain('warm-up did not settle within maxWarmupS (0.8 s): the generator was still late or stalling at 100/s when recording started');
      expect(s.requests.scheduled).toBe(50);
    } finally {
      clearInterval(stalls);
    }
  });

  it('an abort during the warm-up returns a summary with nothing recorded and the warm-up it sent', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/' },
      model: { type: 'arrival-rate', startRate: 100, stages: [{ durationS: 1, target: 100 }] },
      warmupS: 1,
      signal: ac.signal,
    });
    expect(s.aborted).toBe(true);
    expect(s.durationS).toBe(0);
    expect(s.whole.requests.scheduled).toBe(0);
    expect(s.timeline).toEqual([]);
    expect(s.warmup!.durationS).toBeGreaterThan(0);
    expect(s.warmup!.durationS).toBeLessThan(1);
    expect(s.warmup!.requests).toBeGreaterThan(0);
  });

  it('rejects a maxWarmupS below warmupS, naming both', async () => {
    await expect(
      runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 1, target: 10 }] }, warmupS: 2, maxWarmupS: 1 }),
    ).rejects.toThrow(/maxWarmupS \(1 s\) must be at least warmupS \(2 s\)/);
  });
});
