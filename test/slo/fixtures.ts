import type { Distribution, RunSummary } from '../../src/result/types.ts';

export function dist(count: number, p: Partial<Distribution> = {}): Distribution {
  const base = count === 0 ? 0 : 100;
  return { count, min: base, mean: base, p50: base, p90: base, p95: base, p99: base, p999: base, max: base, ...p };
}

/** A hand-built healthy run summary: 1000 requests at 100/s, p95 100 ms. */
export function makeSummary(over: Partial<RunSummary> = {}): RunSummary {
  const requests = { scheduled: 1000, sent: 1000, completed: 1000, ok: 1000, failed: 0, dropped: 0 };
  return {
    version: 1,
    name: 'guest-chat',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationS: 10,
    model: 'arrival-rate',
    window: { kind: 'steady', fromS: 0, toS: 10 },
    aborted: false,
    requests,
    throughput: { targetRps: 100, achievedRps: 99, sentRps: 100 },
    errorRate: 0,
    errors: {},
    statusCodes: { '200': 1000 },
    apiCodes: {},
    responseBytes: { count: 1000, mean: 120, p50: 120, p95: 120, max: 120 },
    latencyMs: dist(1000),
    failedLatencyMs: dist(0),
    serviceTimeMs: dist(1000, { p95: 90 }),
    generator: { maxLagMs: 2, p99DispatchLagMs: 1, lateRequests: 0, valid: true, notes: [] },
    timeline: [],
    slo: null,
    steps: {},
    whole: { requests, errorRate: 0, errors: {}, latencyMs: dist(1000) },
    histograms: {},
    ...over,
  };
}
