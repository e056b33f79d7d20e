import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { parseThinkTime, thinkSampler } from '../../src/load/think.ts';
import { okHandler, startServer, type TestServer } from './server.ts';

describe('think time: parsing and seeded draws', () => {
  it('reads fixed, uniform and exponential think times, naming the option on bad input', () => {
    expect(parseThinkTime('2s', 'X')).toEqual({ kind: 'fixed', ms: 2000 });
    expect(parseThinkTime('500ms', 'X')).toEqual({ kind: 'fixed', ms: 500 });
    expect(parseThinkTime('0', 'X')).toEqual({ kind: 'fixed', ms: 0 });
    expect(parseThinkTime(' uniform(1s, 3s) ', 'X')).toEqual({ kind: 'uniform', minMs: 1000, maxMs: 3000 });
    expect(parseThinkTime('exp(2s)', 'X')).toEqual({ kind: 'exponential', meanMs: 2000 });
    expect(() => parseThinkTime('2 minutes', 'PERF_THINK_CHAT')).toThrow(/^PERF_THINK_CHAT: "2 minutes" is not a duration/);
    expect(() => parseThinkTime('uniform(3s,1s)', 'PERF_THINK_CHAT')).toThrow(/PERF_THINK_CHAT: .*minimum above its maximum/);
    expect(() => parseThinkTime('uniform(1s)', 'PERF_THINK_CHAT')).toThrow(/PERF_THINK_CHAT: uniform takes two durations/);
    expect(() => parseThinkTime('-1s', 'PERF_THINK_CHAT')).toThrow(/PERF_THINK_CHAT/);
    expect(() => parseThinkTime('1h', 'PERF_THINK_CHAT')).toThrow(/PERF_THINK_CHAT/);
  });

  it('draws the same sequence for the same seed, within the distribution', () => {
    const u = parseThinkTime('uniform(1s,3s)', 'X');
    const a = Array.from({ length: 200 }, thinkSampler(u, 7));
    expect(Array.from({ length: 200 }, thinkSampler(u, 7))).toEqual(a);
    expect(Array.from({ length: 200 }, thinkSampler(u, 8))).not.toEqual(a);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...a)).toBeLessThanOrEqual(3000);
    const e = Array.from({ length: 5000 }, thinkSampler(parseThinkTime('exp(2s)', 'X'), 1));
    const mean = e.reduce((x, y) => x + y, 0) / e.length;
    expect(mean).toBeGreaterThan(1700);
    expect(mean).toBeLessThan(2300);
    expect(Math.max(...e)).toBeLessThanOrEqual(20_000);
  });
});

describe('think time in a flow', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer(okHandler);
  });
  afterAll(() => srv.close());

  it('is never part of a latency and does not slow the arrival of iterations', async () => {
    const s = await runLoad({
      baseUrl: srv.url,
      // pause, request, pause, request: each request is timed from its own send
      scenario: async (ctx) => {
        await ctx.sleep(1000);
        await ctx.request({ url: '/ok' });
        await ctx.sleep(1000);
        await ctx.request({ url: '/ok' });
      },
      model: { type: 'arrival-rate', startRate: 20, stages: [{ durationS: 1, target: 20 }] },
      warmupS: 0,
      timeoutMs: 5000,
    });
    expect(s.whole.requests.scheduled).toBe(20);
    expect(s.whole.requests.sent).toBe(20);
    expect(s.whole.requests.ok).toBe(20);
    expect(s.whole.latencyMs.count).toBe(40);
    expect(s.whole.latencyMs.max).toBeLessThan(1000);
  });
});
