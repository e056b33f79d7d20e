import { describe, expect, it } from 'vitest';
import { PrometheusRemoteWriter } from '../../src/export/prometheus-rw.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { startServer } from '../engine/server.ts';
import { freePort, prometheusBinary, startPrometheus } from './prometheus.ts';

const prom = prometheusBinary();

describe('Prometheus remote write against a real Prometheus', () => {
  it.skipIf('missing' in prom)(`streams a run's per-second metrics, read back equal to summary.json${'missing' in prom ? ` (skipped: ${prom.missing})` : ''}`, async () => {
    const p = await startPrometheus((prom as { bin: string }).bin);
    const target = await startServer((_req, res, n) => {
      res.writeHead(n % 10 === 0 ? 503 : 200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    try {
      const runId = `rw-test-${process.pid}-${Date.now()}`;
      const writer = new PrometheusRemoteWriter({ url: `${p.url}/api/v1/write`, labels: { run_id: runId, endpoint: 'probe', scenario: 'a probe', phase: undefined } });
      const summary = await runLoad({
        baseUrl: target.url,
        scenario: { url: '/x' },
        model: { type: 'arrival-rate', startRate: 50, stages: [{ durationS: 3, target: 50 }] },
        warmupS: 0,
        judge: 'all',
        onProgress: (pr) => writer.onProgress(pr),
      });
      const report = await writer.finish(summary);
      expect(report.failed).toBe(0);
      expect(report.writes).toBeGreaterThanOrEqual(2);
      const value = async (q: string): Promise<number> => Number((await p.query(q))[0]?.value[1] ?? NaN);
      const sel = `{run_id="${runId}",endpoint="probe",scenario="a probe"}`;
      expect(await value(`perf_requests_sent_total${sel}`)).toBe(summary.whole.requests.sent);
      expect(await value(`perf_requests_ok_total${sel}`)).toBe(summary.whole.requests.ok);
      expect(await value(`perf_requests_failed_total{run_id="${runId}",kind="http_5xx"}`)).toBe(summary.whole.errors.http_5xx);
      expect(await value(`perf_generator_valid${sel}`)).toBe(summary.generator.valid ? 1 : 0);
      expect(await value(`perf_run_latency_seconds{run_id="${runId}",quantile="0.95"}`)).toBeCloseTo(summary.latencyMs.p95 / 1000, 6);
      // per-second series were written while it ran: more than one sample of the target rate
      expect(await value(`count_over_time(perf_target_rate_per_second${sel}[5m])`)).toBeGreaterThanOrEqual(2);
      expect((await p.query(`perf_latency_seconds{run_id="${runId}"}`)).map((r) => r.metric.quantile).sort()).toEqual(['0.5', '0.95', '0.99']);
    } finally {
      await target.close();
      await p.close();
    }
  }, 60_000);

  it('a receiver that does not answer is counted and reported, never thrown, and never holds the run', async () => {
    const writer = new PrometheusRemoteWriter({ url: `http://127.0.0.1:${await freePort()}/api/v1/write`, labels: { run_id: 'x' } });
    const target = await startServer((_req, res) => res.end('{}'));
    try {
      const summary = await runLoad({
        baseUrl: target.url,
        scenario: { url: '/x' },
        model: { type: 'arrival-rate', startRate: 20, stages: [{ durationS: 2, target: 20 }] },
        warmupS: 0,
        onProgress: (pr) => writer.onProgress(pr),
      });
      expect(summary.requests.ok).toBeGreaterThan(0);
      const report = await writer.finish(summary);
      expect(report.failed).toBeGreaterThan(0);
      expect(report.failed).toBe(report.writes);
      expect(report.firstError).toMatch(/ECONNREFUSED/);
    } finally {
      await target.close();
    }
  });
});
