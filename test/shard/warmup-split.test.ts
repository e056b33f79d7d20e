import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { okHandler, startServer, type TestServer } from '../engine/server.ts';

describe('the warm-up is split over workers and shards like the main load', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(okHandler);
  });
  afterAll(() => server.close());

  const model = { type: 'arrival-rate' as const, startRate: 40, stages: [{ durationS: 1, target: 40 }] };

  test('a shard warms up at its share and reports it', async () => {
    const s = await runLoad({ scenario: { url: `${server.url}/w` }, model, warmupS: 1, shard: { index: 0, count: 2 }, startAt: Date.now() + 1100 });
    expect(s.warmup!.ratePerS).toBe(20);
    // ramp to 20/s over 0.5 s then 0.5 s at 20/s: about 15 requests, not the 30 of the whole warm-up
    expect(s.warmup!.requests).toBeLessThanOrEqual(20);
  });

  test('--workers 2 --rate 40 warms up at 40/s in all and reports warmup.ratePerS 40', async () => {
    const before = server.hits();
    const s = await runLoad({ scenario: { url: `${server.url}/w` }, model, warmupS: 1, workers: 2 });
    expect(s.requests.scheduled).toBe(40);
    expect(s.warmup!.ratePerS).toBe(40);
    expect(s.warmup!.requests).toBeLessThanOrEqual(40);
    expect(server.hits() - before).toBe(40 + s.warmup!.requests);
  });
});
