import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { mergeSummaries } from '../../src/merge/merge-summaries.ts';
import { makeSummary } from '../slo/fixtures.ts';
import { okHandler, startServer, type TestServer } from './server.ts';

/** Completes at most `perS` requests a second: requests queue and are answered one at a time. */
async function slowServer(perS: number): Promise<TestServer & { stop: () => void }> {
  const queue: ServerResponse[] = [];
  const t = setInterval(() => {
    const res = queue.shift();
    if (res && !res.destroyed) okHandler(undefined as never, res);
  }, 1000 / perS);
  const srv = await startServer((_req, res) => queue.push(res));
  return { ...srv, stop: () => clearInterval(t) };
}

let slow: TestServer & { stop: () => void };
beforeAll(async () => {
  slow = await slowServer(20);
});
afterAll(async () => {
  slow.stop();
  await slow.close();
});

describe('achieved rate: completions inside the judged window', () => {
  it('a target completing 20/s asked 40/s achieves about 20/s, not the target, and fails rate>0.95', async () => {
    const s = await runLoad({
      baseUrl: slow.url,
      scenario: { url: '/' },
      model: { type: 'arrival-rate', startRate: 40, stages: [{ durationS: 3, target: 40 }] },
      warmupS: 0,
      timeoutMs: 10_000,
      slo: { minRateRatio: 0.95 },
    });
    expect(s.throughput.targetRps).toBe(40);
    // The backlog drains after the window: those requests still count as outcomes...
    expect(s.requests.ok).toBe(120);
    // ...but not in the rate of the window, which is what the target completed in it.
    expect(s.throughput.achievedRps).toBeLessThan(30);
    expect(s.throughput.achievedRps).toBeGreaterThan(10);
    expect(s.throughput.achievedRps).toBeLessThanOrEqual(s.timeline.slice(0, 3).reduce((n, e) => n + e.ok, 0) / 3 + 1);
    expect(s.slo?.checks.find((c) => c.name === 'rateRatio')?.passed).toBe(false);
    expect(s.slo?.passed).toBe(false);
  });
});

describe('achieved rate of merged shards and workers', () => {
  it('adds the shards\' in-window completions, not every ok iteration (late ones included)', () => {
    const shard = makeSummary({ throughput: { targetRps: 100, achievedRps: 60, sentRps: 100 } });
    const merged = mergeSummaries([shard, shard]);
    expect(merged.requests.ok).toBe(2000);
    expect(merged.throughput.targetRps).toBe(200);
    expect(merged.throughput.achievedRps).toBe(120);
  });
});
