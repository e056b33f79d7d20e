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
