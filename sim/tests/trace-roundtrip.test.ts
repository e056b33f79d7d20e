import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/index.ts';
import { createSimServer } from '../server.ts';
import type { TraceLine } from '../trace-log.ts';

describe('trace round trip: client exemplar → simulator trace log', () => {
  it('finds the slowest exemplar of summary.exemplars in the simulator\'s log, with a server time that explains its client latency', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'sim-roundtrip-')), 'trace.jsonl');
    // Two workers at ~25 ms each against 100 requests/s (capacity ~80/s): requests queue, and the queue is the server's time.
    const sim = await createSimServer({ profile: 'fast', traceLog: log, config: { timeScale: 1, workers: { api: 2, silo: 256, auth: 64, speech: 64, storage: 32 }, serviceTimes: { queryVersion: { medianMs: 22, p95Ms: 40 } } } });
    let summary;
    try {
      summary = await runLoad({
        baseUrl: sim.url,
        scenario: { name: 'query-version', url: '/api/godgpt/query-version' },
        model: { type: 'arrival-rate', startRate: 100, stages: [{ durationS: 2, target: 100 }] },
        warmupS: 0,
        judge: 'all',
        timeoutMs: 10_000,
      });
    } finally {
      await sim.close();
    }
    const slowest = summary.exemplars!.slowest[0]!;
    expect(slowest).toBeDefined();
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceLine);
    const server = lines.find((l) => l.traceId === slowest.traceId);
    expect(server, `trace ${slowest.traceId} in the simulator's log`).toBeDefined();
    expect(server!.status).toBe(slowest.status);
    // The server's time is inside the client's latency, and most of it: queue wait plus service time.
    expect(server!.serverMs).toBeLessThanOrEqual(slowest.latencyMs + 1);
    expect(server!.serverMs).toBeGreaterThanOrEqual(slowest.latencyMs * 0.5);
    expect(server!.queueMs + server!.serviceMs).toBeGreaterThanOrEqual(server!.serverMs * 0.8);
    expect(server!.queueMs).toBeGreaterThan(0);
    // Every exemplar names a request the server saw.
    const ids = new Set(lines.map((l) => l.traceId));
    for (const e of [...summary.exemplars!.slowest, ...summary.exemplars!.percentiles]) expect(ids.has(e.traceId)).toBe(true);
  });
});
