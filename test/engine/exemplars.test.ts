import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXEMPLARS_KEPT, ExemplarTracker } from '../../src/metrics/exemplars.ts';
import { runLoad } from '../../src/load/run-load.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';
import { startServer, type TestServer } from './server.ts';

let srv: TestServer;
/** What the server did per trace id: its delay and its status. */
const served = new Map<string, { delayMs: number; status: number }>();

beforeAll(async () => {
  srv = await startServer((req, res, n) => {
    const traceId = String(req.headers.traceparent ?? '').split('-')[1] ?? '';
    const status = n % 7 === 3 ? 500 : 200;
    const delayMs = status === 200 && n % 10 === 0 ? 150 + (n % 50) : 2;
    served.set(traceId, { delayMs, status });
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{}');
    }, delayMs);
  });
});
afterAll(() => srv.close());

const options = (extra: Partial<RunLoadOptions> = {}): RunLoadOptions => ({
  baseUrl: srv.url,
  scenario: { url: '/x' },
  model: { type: 'arrival-rate', startRate: 100, stages: [{ durationS: 2, target: 100 }] },
  warmupS: 0,
  judge: 'all',
  drainMs: 2000,
  ...extra,
});

describe('exemplars: the requests behind the numbers', () => {
  it('names the slowest ok requests, the first failed ones per kind and one near each percentile, by the trace ids the server saw', async () => {
    served.clear();
    const s = await runLoad(options());
    const ex = s.exemplars!;
    expect(ex).toBeDefined();
    expect(ex.slowest).toHaveLength(EXEMPLARS_KEPT);
    for (let i = 1; i < ex.slowest.length; i++) expect(ex.slowest[i]!.latencyMs).toBeLessThanOrEqual(ex.slowest[i - 1]!.latencyMs);
    for (const e of ex.slowest) {
      const seen = served.get(e.traceId)!;
      expect(seen, e.traceId).toBeDefined();
      expect(seen.status).toBe(200);
      expect(seen.delayMs).toBeGreaterThanOrEqual(150);
      // The server's timer and the client's clock differ by timer granularity (179.987 ms for a 180 ms delay seen once).
      expect(e.latencyMs).toBeGreaterThanOrEqual(seen.delayMs - 1);
      expect(e.errorKind).toBeUndefined();
    }
    const failed = ex.failed.http_5xx!;
    expect(failed).toHaveLength(EXEMPLARS_KEPT);
    for (const e of failed) expect(served.get(e.traceId)?.status).toBe(500);
    for (let i = 1; i < failed.length; i++) expect(failed[i]!.atS).toBeGreaterThanOrEqual(failed[i - 1]!.atS);
    expect(ex.percentiles.map((p) => p.percentile)).toEqual(['p50', 'p90', 'p95', 'p99', 'p999']);
    for (const p of ex.percentiles) {
      expect(p.valueMs).toBe(s.latencyMs[p.percentile]);
      expect(served.get(p.traceId)?.status).toBe(200);
      expect(Math.abs(p.latencyMs - p.valueMs)).toBeLessThanOrEqual(p.valueMs * 0.05 + 1);
    }
  });

  it('is absent when the run sent no trace context', async () => {
    const s = await runLoad(options({ trace: false, model: { type: 'arrival-rate', startRate: 20, stages: [{ durationS: 0.5, target: 20 }] } }));
    expect(s.requests.ok).toBeGreaterThan(0);
    expect(s.exemplars).toBeUndefined();
  });

  it('keeps bounded structures however many requests it sees (trace ids only for candidates)', () => {
    const t = new ExemplarTracker();
    for (let i = 0; i < 200_000; i++) {
      t.offer(`t${i}`, 'r', (i * 7919) % 10_000, i / 1000, i % 5 === 0 ? 500 : 200, i % 5 === 0 ? 'http_5xx' : i % 11 === 0 ? 'timeout' : undefined);
    }
    const r = t.result({ count: 1, min: 0, mean: 0, p50: 5000, p90: 9000, p95: 9500, p99: 9900, p999: 9990, max: 9999 })!;
    expect(r.slowest).toHaveLength(EXEMPLARS_KEPT);
    expect(r.slowest[0]!.latencyMs).toBe(9999);
    expect(r.failed.http_5xx).toHaveLength(EXEMPLARS_KEPT);
    expect(r.failed.timeout).toHaveLength(EXEMPLARS_KEPT);
    expect(r.failed.http_5xx!.map((e) => e.traceId)).toEqual(['t0', 't5', 't10', 't15', 't20', 't25', 't30', 't35', 't40', 't45']);
    for (const p of r.percentiles) expect(Math.abs(p.latencyMs - p.valueMs)).toBeLessThanOrEqual(p.valueMs * 0.03);
  });
});
