import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/index.ts';
import { inJudgedWindow } from '../../src/load/schedulers.ts';
import { okHandler, startServer, type TestServer } from './server.ts';

// Regressions found by `pnpm bench`: a busy-polling open scheduler, warm-up users dropped at the
// start of a closed run, and an event-loop monitor that was never switched on.
describe('generator cost and health', () => {
  let fast: TestServer;
  let slow: TestServer;
  beforeAll(async () => {
    fast = await startServer(okHandler);
    slow = await startServer((_req, res) => setTimeout(() => okHandler(_req, res), 40));
  });
  afterAll(async () => {
    await fast.close();
    await slow.close();
  });

  it('runs an open-model schedule of 500 req/s to completion: every scheduled iteration sent and ok', async () => {
    const s = await runLoad({
      baseUrl: fast.url,
      scenario: { url: '/' },
      model: { type: 'arrival-rate', startRate: 500, stages: [{ durationS: 2, target: 500 }] },
      warmupS: 0.5,
      connections: 16,
    });
    // CPU share and dispatch lag are speed, measured by `pnpm bench` (docs/PERFORMANCE.md), never asserted here.
    expect(s.requests.scheduled).toBeGreaterThan(0);
    expect(s.requests.sent + s.requests.dropped).toBe(s.requests.scheduled);
    expect(s.requests.failed).toBe(0);
    expect(s.requests.ok).toBe(s.requests.completed);
  });

  it('never drops an iteration of a closed run because warm-up users are still in flight', async () => {
    const s = await runLoad({
      baseUrl: slow.url,
      scenario: { url: '/' },
      model: { type: 'concurrency', vus: 64, durationS: 0.6 },
      warmupS: 0.3,
    });
    expect(s.requests.dropped).toBe(0);
    expect(s.errorRate).toBe(0);
    expect(s.requests.ok).toBeGreaterThan(64);
  });

  it('measures event-loop lag (a scenario blocking the loop shows up in maxLagMs)', async () => {
    let blocked = false;
    const s = await runLoad({
      baseUrl: fast.url,
      scenario: async (ctx) => {
        if (!blocked && ctx.iteration > 20) {
          blocked = true;
          const until = performance.now() + 60;
          while (performance.now() < until) {
            // block the event loop on purpose
          }
        }
        await ctx.request({ url: '/' });
      },
      model: { type: 'arrival-rate', startRate: 50, stages: [{ durationS: 1.5, target: 50 }] },
      warmupS: 0,
    });
    expect(blocked).toBe(true);
    expect(s.generator.maxLagMs).toBeGreaterThan(20);
    expect(s.generator.notes.join(' ')).toMatch(/generator overloaded|event loop stalled/);
  });
});

describe('judged window edges', () => {
  it('puts an instant on the window start in the window and one on the end out, despite float error', () => {
    const recStartMs = 1000.2; // (1000.2 + 2000) - 1000.2 === 1999.9999999999998
    expect((recStartMs + 2000 - recStartMs) / 1000).toBeLessThan(2);
    const w = { fromS: 2, toS: 3 };
    expect(inJudgedWindow(recStartMs + 2000, recStartMs, w)).toBe(true);
    expect(inJudgedWindow(recStartMs + 2999.9, recStartMs, w)).toBe(true);
    expect(inJudgedWindow(recStartMs + 3000, recStartMs, w)).toBe(false);
    expect(inJudgedWindow(recStartMs + 1999.9, recStartMs, w)).toBe(false);
  });
});
