import * as hdr from 'hdr-histogram-js';
import { buildSuiteReport } from '../../src/report/suite-report.ts';
import type { StoredRun } from '../../src/result/store.ts';
import { synthMeta, synthSummary } from './fixtures.ts';

/** An encoded microsecond histogram of a spread of latencies. */
export function encodedHistogram(): string {
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
  for (let i = 1; i <= 2000; i++) h.recordValue(20_000 + ((i * 7919) % 2000) * 40 + (i % 100 === 0 ? 900_000 : 0));
  const out = hdr.encodeIntoCompressedBase64(h);
  h.destroy();
  return out;
}

/** Two runs (one SSE with resources and a break, one plain) plus capacity, with hostile names. */
export function htmlFixture(lang: 'en' | 'zh' = 'en', hostile = true) {
  const a = synthSummary({ breakAtS: 40, sse: true, resources: true, sloPassed: false });
  a.histograms = { latency: encodedHistogram(), ttft: encodedHistogram() };
  const b = synthSummary({ name: 'session-list', durationS: 20, targetRps: 35 });
  const runs: StoredRun[] = [
    { meta: synthMeta({ scenario: hostile ? 'guest chat <script>window.__xss=true</script> holds 30 QPS' : 'guest chat holds 100 QPS' }), summary: a, file: '/r/runs/guest-chat--a.json' },
    { meta: synthMeta({ endpoint: 'session-list', route: 'GET /api/godgpt/session-list', scenario: hostile ? 'lists "sessions" & more' : 'lists sessions at 35 QPS', sse: false }), summary: b, file: '/r/runs/session-list--b.json' },
  ];
  const capacity = [{ endpoint: 'guest-chat', maxStableRps: 40, degradationRps: 60, steps: [10, 20, 40, 60, 80].map((r, i) => ({ targetRps: r, achievedRps: i < 4 ? r : 62, p50: 30 + i * 10, p95: 80 * (i + 1) ** 2, p99: 120 * (i + 1) ** 2, errorRate: i < 3 ? 0 : 0.05 * i, passed: i < 3 })) }];
  const report = buildSuiteReport({ runId: hostile ? 'run-<b>1</b>' : '20250814-093000-0001', runDir: '/r', runs, lang, capacity, target: 'http://127.0.0.1:8080', finishedAt: '2025-08-14T09:32:10.000Z' });
  return { report, runs };
}

/**
 * A failing suite of `count` scenarios: every one bounds latency.p95 (< 200 ms) and errorRate
 * (< 0.01), every third a stream with ttft.p95 (< 1000 ms) and rateRatio (>= 0.95); only the last
 * fails, on latency.p95 (350 ms). The first half carries priority P0, the rest P1.
 */
export function glanceFixture(count = 20) {
  const runs: StoredRun[] = Array.from({ length: count }, (_, i) => {
    const sse = i % 3 === 0;
    const summary = synthSummary({ name: `endpoint-${i}`, durationS: 20, targetRps: 20 + i, sse });
    const failing = i === count - 1;
    summary.slo = {
      passed: !failing,
      checks: [
        { name: 'latency.p95', bound: '< 200 ms', actual: failing ? 350 : 35.9 + i, passed: !failing },
        ...(sse ? [{ name: 'ttft.p95', bound: '< 1000 ms', actual: 300, passed: true }, { name: 'rateRatio', bound: '>= 0.95', actual: 0.98, passed: true }] : []),
        { name: 'errorRate', bound: '< 0.01', actual: 0.002, passed: true },
        { name: 'generator', bound: 'valid', actual: 1, passed: true },
        { name: 'okRequests', bound: '>= 1', actual: 400, passed: true },
      ],
    };
    const endpoint = `endpoint-${String(i).padStart(2, '0')}`;
    const meta = synthMeta({ endpoint, route: `GET /api/${endpoint}`, scenario: `${endpoint} holds ${20 + i} QPS`, sse, targetRps: 20 + i });
    return { meta: { ...meta, priority: i < count / 2 ? 'P0' : 'P1' } as typeof meta, summary, file: `/r/runs/${endpoint}--x.json` };
  });
  const report = buildSuiteReport({ runId: '20260101-000000-0001', runDir: '/r', runs, lang: 'en', target: 'http://127.0.0.1:8080', finishedAt: '2026-01-01T00:10:00.000Z' });
  return { report, runs };
}
