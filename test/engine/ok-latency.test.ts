import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { digestEncoded } from '../../src/metrics/histogram.ts';
import { parseSloExpression } from '../../src/slo/expression.ts';
import { startServer, type TestServer } from './server.ts';

let srv: TestServer;
let garbage: TcpServer;
let garbageUrl: string;

beforeAll(async () => {
  srv = await startServer((req, res) => {
    if (req.url === '/invalid-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{not json');
    } else if (req.url === '/mixed') {
      // Every other request fails at once; the ok ones take 60 ms.
      const n = Number(req.headers['x-n'] ?? 0);
      if (n % 2 === 1) {
        res.writeHead(500);
        res.end('boom');
      } else setTimeout(() => res.end('ok'), 60);
    } else {
      res.writeHead(500);
      res.end('boom');
    }
  });
  let counter = 0;
  srv.server.prependListener('request', (req) => {
    req.headers['x-n'] = String(counter++);
  });
  garbage = createTcpServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
  });
  await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
  garbageUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await srv.close();
  await new Promise<void>((resolve) => garbage.close(() => resolve()));
});

const json = (body: string): string | undefined => {
  JSON.parse(body);
  return undefined;
};

describe('verdicts count only what succeeded', () => {
  it('a target answering garbage fails the SLO: achievedRps 0, no ok latency, failures apart', async () => {
    const s = await runLoad({
      baseUrl: garbageUrl,
      scenario: { url: '/' },
      model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 1, target: 10 }] },
      warmupS: 0,
      timeoutMs: 2000,
      slo: parseSloExpression('rate>0.95,p95<100'),
    });
    expect(s.requests.ok).toBe(0);
    expect(s.requests.failed).toBeGreaterThan(0);
    expect(s.throughput.achievedRps).toBe(0);
    expect(s.throughput.sentRps).toBeGreaterThan(0);
    expect(s.latencyMs.count).toBe(0);
    expect(s.failedLatencyMs?.count).toBe(s.requests.failed);
    expect(s.whole.failedLatencyMs?.count).toBe(s.requests.failed);
    expect(s.slo?.passed).toBe(false);
    const names = s.slo!.checks.filter((c) => !c.passed).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['okRequests', 'errorRate', 'rateRatio', 'latency.p95']));
    expect(s.slo!.checks.find((c) => c.name === 'errorRate')).toMatchObject({ bound: '< 0.01 [default]', actual: 1 });
    expect(s.slo!.checks.find((c) => c.name === 'okRequests')?.reason).toMatch(/^no request succeeded: \d+ of \d+ failed/);
    expect(digestEncoded(s.histograms.latency!).count).toBe(0);
    expect(digestEncoded(s.histograms.failedLatency!).count).toBe(s.requests.failed);
  });

  it('a 200 with invalid JSON is a failure in every verdict', async () => {
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/invalid-json', check: (r) => json(r.body) },
      model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 1, target: 10 }] },
      warmupS: 0,
      timeoutMs: 2000,
      slo: { latencyMs: { p50: 1000 }, minRateRatio: 0.5, errorRate: 1 },
    });
    expect(s.errors.invalid_body).toBe(s.requests.scheduled);
    expect(s.throughput.achievedRps).toBe(0);
    expect(s.latencyMs.count).toBe(0);
    expect(s.steps.request?.latencyMs.count).toBe(0);
    expect(s.steps.request?.failedLatencyMs?.count).toBe(s.requests.failed);
    expect(s.slo?.passed).toBe(false);
    expect(s.slo!.checks.find((c) => c.name === 'okRequests')).toMatchObject({ passed: false, actual: 0 });
    expect(s.timeline.every((e) => e.p95 === 0)).toBe(true);
  });

  it('fast failures stay out of the headline and timeline percentiles', async () => {
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/mixed' },
      model: { type: 'arrival-rate', startRate: 20, stages: [{ durationS: 1, target: 20 }] },
      warmupS: 0,
      timeoutMs: 2000,
    });
    expect(s.requests.ok).toBeGreaterThan(0);
    expect(s.requests.failed).toBeGreaterThan(0);
    expect(s.latencyMs.count).toBe(s.requests.ok);
    expect(s.failedLatencyMs?.count).toBe(s.requests.failed);
    // Ok requests take at least 60 ms; the 500s are answered at once.
    expect(s.latencyMs.min).toBeGreaterThanOrEqual(59);
    expect(s.serviceTimeMs.min).toBeGreaterThanOrEqual(59);
    expect(s.failedLatencyMs!.min).toBeLessThan(s.latencyMs.min);
    for (const e of s.timeline) if (e.ok > 0) expect(e.p50).toBeGreaterThanOrEqual(59);
    // The achieved rate counts the ok iterations that ended inside the window: the last ones (60 ms) may end after it.
    const windowS = s.window.toS - s.window.fromS;
    expect(s.throughput.achievedRps).toBeLessThanOrEqual(s.requests.ok / windowS);
    expect(s.throughput.achievedRps).toBeGreaterThanOrEqual((s.requests.ok - 2) / windowS);
    expect(s.throughput.sentRps).toBeCloseTo(s.requests.sent / (s.window.toS - s.window.fromS), 2);
    expect(digestEncoded(s.histograms.latency!).count).toBe(s.requests.ok);
  });
});
