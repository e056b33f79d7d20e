import { describe, expect, it } from 'vitest';
import { formatDistribution, formatSummary } from '../../src/cli/format-summary.ts';
import { evaluateSlo } from '../../src/slo/evaluate.ts';
import { dist, makeSummary } from '../slo/fixtures.ts';

describe('formatSummary', () => {
  it('shows requests, throughput, errors with kinds and statuses, percentiles, generator and SLO', () => {
    const s = makeSummary({
      errorRate: 0.012,
      errors: { http_5xx: 10, timeout: 2 },
      statusCodes: { '200': 988, '503': 10 },
      requests: { scheduled: 1000, sent: 1000, completed: 1000, ok: 988, failed: 12, dropped: 0 },
    });
    s.slo = evaluateSlo(s, { latencyMs: { p95: 50 }, errorRate: 0.05 });
    const text = formatSummary(s).join('\n');
    expect(text).toMatch(/^guest-chat {2}\(arrival-rate, 10 s recorded, judged: steady window 0-10 s/);
    expect(text).toMatch(/requests {4}scheduled 1000 {2}sent 1000 {2}completed 1000 {2}ok 988 {2}failed 12 {2}dropped 0/);
    expect(text).toMatch(/throughput {2}99\/s ok {2}\(99\.0% of target 100\/s\), sent 100\/s/);
    expect(text).toMatch(/errors {6}1\.2% {2}\(http_5xx 10, timeout 2\)/);
    expect(text).toMatch(/status {6}200 988, 503 10/);
    expect(text).toMatch(/latency {5}min 100 {2}mean 100 {2}p50 100 {2}p90 100 {2}p95 100 {2}p99 100 {2}p99\.9 100 {2}max 100 ms {2}\(n=1000\)/);
    expect(text).toMatch(/service {5}.*p95 90/);
    expect(text).toMatch(/generator {3}ok \(max event-loop lag 2 ms, p99 dispatch lag 1 ms, late 0\)/);
    expect(text).toMatch(/SLO {9}FAILED \(1 of 4 checks\)/);
    expect(text).toContain('  FAIL latency.p95 = 100 ms, expected < 50 ms');
    expect(text).toContain('  PASS errorRate = 0.012 (< 0.05)');
    expect(text).not.toMatch(/ttft|streams|ABORTED/);
  });

  it('shows first-event, echo, audio and decode metrics of streams, and goodput', () => {
    const s = makeSummary({
      stream: {
        ttfbMs: dist(20, { p50: 50 }), ttftMs: dist(20, { p50: 300 }), ttfeMs: dist(20, { p50: 120 }), echoMs: dist(20, { p50: 120 }), ttfaMs: dist(20, { p50: 700 }), interEventMs: dist(20, { p50: 90 }), tpotMs: dist(20, { p95: 110 }),
        outputChars: dist(20, { p50: 450 }), outputTokens: dist(20, { p50: 90 }), outputTokensPerS: dist(20, { p50: 45 }), totalOutputTokensPerS: 900, tokenEncoding: 'o200k_base',
        events: 400, contentEvents: 380, aborted: 0, completed: 20,
      },
      goodput: { ratio: 0.95, rps: 9.5, bounds: { ttftMs: 1000, tpotMs: 200 } },
    });
    const text = formatSummary(s).join('\n');
    expect(text).toMatch(/ttfe {8}.*p50 120/);
    expect(text).toMatch(/echo {8}.*p50 120/);
    expect(text).toMatch(/ttfa {8}.*p50 700/);
    expect(text).toMatch(/tpot {8}.*p95 110/);
    expect(text).toMatch(/output {6}p50 90 .*tokens \(o200k_base\) {2}p50 450 chars {2}per stream; p50 45 tokens\/s per stream, 900 tokens\/s in all/);
    expect(text).toMatch(/goodput {5}95\.0% of iterations, 9\.5\/s {2}within ttft<1000, tpot<200 ms/);
  });

  it('shows SSE timings, steps, the whole run, an overloaded generator and an abort', () => {
    const step = { count: 10, ok: 9, failed: 1, errors: { stream_aborted: 1 }, statusCodes: { '200': 10 }, latencyMs: dist(10) };
    const s = makeSummary({
      aborted: true,
      abortReason: 'interrupted (SIGINT)',
      stream: { ttfbMs: dist(50), ttftMs: dist(50, { p95: 420 }), interEventMs: dist(400), events: 400, aborted: 1, completed: 49 },
      steps: { login: step, chat: step },
      whole: { requests: { scheduled: 1200, sent: 1200, completed: 1200, ok: 1200, failed: 0, dropped: 0 }, errorRate: 0, errors: {}, latencyMs: dist(1200) },
      generator: { maxLagMs: 80, p99DispatchLagMs: 30, lateRequests: 40, valid: false, notes: ['generator overloaded: p99 dispatch lag 30 ms'] },
    });
    const text = formatSummary(s).join('\n');
    expect(text).toMatch(/ABORTED {5}interrupted \(SIGINT\)/);
    expect(text).toMatch(/ttft {8}.*p95 420/);
    expect(text).toMatch(/ttfb {8}/);
    expect(text).toMatch(/inter-event {1}/);
    expect(text).toMatch(/streams {5}completed 49 {2}aborted 1 {2}\(98\.0% complete\) {2}events 400/);
    expect(text).toMatch(/steps\n {2}login\s+count 10 {2}ok 9 {2}failed 1 \(stream_aborted 1\) {2}p95 100 ms\n {2}chat/);
    expect(text).toMatch(/whole run {3}scheduled 1200/);
    expect(text).toMatch(/generator {3}OVERLOADED, latency numbers are not trustworthy/);
    expect(text).toContain('generator overloaded: p99 dispatch lag 30 ms');
  });

  it('says "achieved" for an older summary without sentRps', () => {
    const text = formatSummary(makeSummary({ throughput: { targetRps: 100, achievedRps: 99 } })).join('\n');
    expect(text).toMatch(/throughput {2}99\/s achieved {2}\(99\.0% of target 100\/s\)$/m);
  });

  it('shows a run where everything failed as 0 ok, 100% errors, latency n/a and the failures apart', () => {
    const failed = { scheduled: 70, sent: 70, completed: 70, ok: 0, failed: 70, dropped: 0 };
    const s = makeSummary({
      requests: failed, throughput: { targetRps: 10, achievedRps: 0, sentRps: 10 }, errorRate: 1, errors: { invalid_body: 70 },
      latencyMs: dist(0), failedLatencyMs: dist(70, { p95: 1.5 }), serviceTimeMs: dist(0),
      steps: { a: { count: 70, ok: 0, failed: 70, errors: { invalid_body: 70 }, statusCodes: {}, latencyMs: dist(0) }, b: { count: 0, ok: 0, failed: 0, errors: {}, statusCodes: {}, latencyMs: dist(0) } },
      whole: { requests: { ...failed, scheduled: 90 }, errorRate: 1, errors: { invalid_body: 90 }, latencyMs: dist(0) },
    });
    const text = formatSummary(s).join('\n');
    expect(text).toMatch(/throughput {2}0\/s ok {2}\(0\.0% of target 10\/s\), sent 10\/s/);
    expect(text).toMatch(/errors {6}100\.0% {2}\(invalid_body 70\)/);
    expect(text).toMatch(/latency {5}n\/a \(no request succeeded\)/);
    expect(text).toMatch(/failed {6}.*p95 1\.5 .*\(n=70\)/);
    expect(text).toMatch(/ {2}a\s+count 70 {2}ok 0 {2}failed 70 \(invalid_body 70\) {2}p95 n\/a/);
    expect(text).toMatch(/whole run {3}scheduled 90 {2}ok 0 {2}errors 100\.0% {2}p95 n\/a {2}p99 n\/a/);
  });

  it('never calls an interrupted run with nothing completed "100% of target, errors 0%"', () => {
    const cut = { scheduled: 67, sent: 67, completed: 0, ok: 0, failed: 0, dropped: 0 };
    const s = makeSummary({
      aborted: true, abortReason: 'interrupted (SIGINT)', requests: cut, throughput: { targetRps: 10, achievedRps: 0, sentRps: 10 },
      errorRate: 0, latencyMs: dist(0), failedLatencyMs: dist(0), cutOff: 67,
    });
    s.slo = evaluateSlo(s, { latencyMs: { p95: 100 } });
    const text = formatSummary(s).join('\n');
    expect(text).not.toMatch(/100\.0% of target/);
    expect(text).not.toMatch(/errors {6}0\.0%/);
    expect(text).toMatch(/throughput {2}0\/s ok {2}\(0\.0% of target 10\/s\)/);
    expect(text).toMatch(/errors {6}n\/a \(none of 67 sent completed\)/);
    expect(text).toContain('FAIL no request succeeded: none of 67 sent completed');
  });

  it('says "no samples" for an empty distribution', () => {
    expect(formatDistribution(dist(0))).toBe('no samples');
  });
});
