import * as hdr from 'hdr-histogram-js';
import type { RunMeta, RunSummary } from '../../src/index.ts';

const dist = (p50: number, count: number) => ({ count, min: p50 / 2, mean: p50 * 1.1, p50, p90: p50 * 1.8, p95: p50 * 2, p99: p50 * 3, p999: p50 * 3.5, max: p50 * 4 });

function histogram(p50Ms: number, seed: number): string {
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
  for (let i = 1; i <= 3000; i++) h.recordValue(Math.round(p50Ms * 1000 * (0.5 + (((i * 7919 + seed) % 1000) / 1000) ** 3 * 3)));
  const out = hdr.encodeIntoCompressedBase64(h);
  h.destroy();
  return out;
}

/**
 * A run as the suite stores it: 120 s of timeline with target resources, an SSE stream every
 * third run, encoded histograms and an SLO with latency, TTFT and error bounds (every 7th fails).
 */
export function benchRun(i: number): { meta: RunMeta; summary: RunSummary } {
  const durationS = 120;
  const target = 20 + (i % 5) * 10;
  const sse = i % 3 === 0;
  const failing = i % 7 === 3;
  const p50 = 30 + (i % 11) * 7;
  const scheduled = target * durationS;
  const failed = failing ? Math.round(scheduled * 0.03) : 0;
  const timeline = Array.from({ length: durationS }, (_, t) => ({
    t,
    targetRps: target,
    sent: target,
    ok: target - (failing && t > 60 ? 2 : 0),
    failed: failing && t > 60 ? 2 : 0,
    dropped: 0,
    errors: failing && t > 60 ? { http_5xx: 2 } : {},
    inFlight: 4,
    p50: p50 + (t % 7),
    p95: p50 * 2 + (t % 13),
    p99: p50 * 3 + (t % 17),
    ...(sse ? { ttftP95: p50 * 4 + (t % 9) } : {}),
    resources: { cpuPercent: 20 + ((t * 3 + i) % 50), rssBytes: 200e6 + t * 1e6 },
  }));
  const summary = {
    version: 1,
    name: `endpoint-${i}`,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationS,
    model: 'arrival-rate',
    window: { kind: 'steady', fromS: 0, toS: durationS },
    aborted: false,
    requests: { scheduled, sent: scheduled, completed: scheduled, ok: scheduled - failed, failed, dropped: 0 },
    throughput: { targetRps: target, achievedRps: target * 0.99, sentRps: target },
    errorRate: failed / scheduled,
    errors: failed ? { http_5xx: failed } : {},
    statusCodes: { '200': scheduled - failed, ...(failed ? { '500': failed } : {}) },
    latencyMs: dist(p50, scheduled - failed),
    serviceTimeMs: dist(p50, scheduled - failed),
    ...(sse ? { stream: { ttfbMs: dist(20, scheduled), ttftMs: dist(p50 * 2, scheduled), interEventMs: dist(10, scheduled), events: scheduled * 20, aborted: 0, completed: scheduled } } : {}),
    generator: { maxLagMs: 3, p99DispatchLagMs: 1, lateRequests: 0, valid: true, notes: [] },
    timeline,
    slo: {
      passed: !failing,
      checks: [
        { name: 'latency.p95', bound: '< 300 ms', actual: p50 * 2, passed: true },
        ...(sse ? [{ name: 'ttft.p95', bound: '< 1000 ms', actual: p50 * 2 * 2, passed: true }] : []),
        { name: 'errorRate', bound: '< 0.01', actual: failed / scheduled, passed: !failing },
        { name: 'generator', bound: 'valid', actual: 1, passed: true },
      ],
    },
    steps: {},
    whole: { requests: { scheduled, sent: scheduled, completed: scheduled, ok: scheduled - failed, failed, dropped: 0 }, errorRate: failed / scheduled, errors: {}, latencyMs: dist(p50, scheduled) },
    histograms: { latency: histogram(p50, i), ...(sse ? { ttft: histogram(p50 * 2, i + 1) } : {}) },
  } as unknown as RunSummary;
  const meta: RunMeta = {
    endpoint: `endpoint-${String(i).padStart(2, '0')}`,
    route: `GET /api/bench/${i}`,
    scenario: `holds ${target} QPS`,
    targetRps: target,
    sse,
    profile: 'bench',
    target: 'http://127.0.0.1:8080',
  };
  return { meta, summary };
}
