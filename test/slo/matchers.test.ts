import { describe, expect, it } from 'vitest';
import { toHaveErrorRateBelow, toHaveP95Below, toMeetSlo, sloMatchers } from '../../src/slo/matchers.ts';
import { formatSloResult } from '../../src/slo/format.ts';
import { evaluateSlo } from '../../src/slo/evaluate.ts';
import { dist, makeSummary } from './fixtures.ts';

expect.extend(sloMatchers);

const slow = makeSummary({ latencyMs: dist(1000, { p95: 912.4, p99: 1500 }) });
const few = makeSummary({ latencyMs: dist(42, { p95: 100, p99: 100 }) });
const overloaded = makeSummary({
  generator: { maxLagMs: 250, p99DispatchLagMs: 40, lateRequests: 30, valid: false, notes: ['event loop lag 250 ms'] },
});

describe('toMeetSlo', () => {
  it('passes a summary that meets its SLO', () => {
    expect(makeSummary()).toMeetSlo({ latencyMs: { p95: 500 }, errorRate: 0.01 });
    const r = toMeetSlo(makeSummary(), { latencyMs: { p95: 500 } });
    expect(r.pass).toBe(true);
    expect(r.message()).toContain('expected guest-chat not to meet its SLO, but all 4 checks passed');
    expect(r.message()).toContain('guest-chat: okRequests = 1000 (>= 1)');
    expect(r.message()).toContain('guest-chat: errorRate = 0 (< 0.01 [default])');
    expect(r.message()).toContain('guest-chat: latency.p95 = 100 ms (< 500 ms)');
  });

  it('lists every failed check with the endpoint, metric, bound and measured value', () => {
    const r = toMeetSlo(slow, { latencyMs: { p95: 500, p99: 1000, p50: 500 } });
    expect(r.pass).toBe(false);
    const msg = r.message();
    expect(msg).toContain('expected guest-chat to meet its SLO, 2 of 6 checks failed:');
    expect(msg).toContain('guest-chat: latency.p95 = 912.4 ms, expected < 500 ms');
    expect(msg).toContain('guest-chat: latency.p99 = 1500 ms, expected < 1000 ms');
    expect(msg).not.toContain('latency.p50');
  });

  it('without an SLO, checks the result the run judged (summary.slo) instead of evaluating again', () => {
    const judged = { ...slow, slo: evaluateSlo(slow, { latencyMs: { p95: 500 } }) };
    const r = toMeetSlo(judged);
    expect(r.pass).toBe(false);
    expect(r.message()).toContain('guest-chat: latency.p95 = 912.4 ms, expected < 500 ms');
    // What the summary carries is what is checked: a lenient carried SLO passes the same latencies.
    expect(toMeetSlo({ ...slow, slo: evaluateSlo(slow, { latencyMs: { p95: 2000 } }) }).pass).toBe(true);
    expect(toMeetSlo({ ...slow, slo: null }).message()).toContain('carries no SLO result');
  });

  it('reports insufficient samples', () => {
    const r = toMeetSlo(few, { latencyMs: { p99: 500 } });
    expect(r.pass).toBe(false);
    expect(r.message()).toContain('guest-chat: latency.p99 insufficient samples (42 < 100)');
  });

  it('reports an overloaded generator when a timing bound was missed, and notes it when every bound was met', () => {
    expect(toMeetSlo(overloaded, { latencyMs: { p95: 50 } }).message()).toContain(
      "guest-chat: generator overloaded: event loop lag 250 ms; latency.p95 may be the generator's, not the target's",
    );
    const met = toMeetSlo(overloaded, { latencyMs: { p95: 500 } });
    expect(met.pass).toBe(true);
    expect(met.message()).toContain('guest-chat: generator unhealthy (event loop lag 250 ms), but its stalls and lag only add latency');
  });

  it('throws through expect with the same message, and .not inverts', () => {
    expect(() => expect(slow).toMeetSlo({ latencyMs: { p95: 500 } })).toThrow(
      /guest-chat: latency\.p95 = 912\.4 ms, expected < 500 ms/,
    );
    expect(slow).not.toMeetSlo({ latencyMs: { p95: 500 } });
    expect(() => expect(makeSummary()).not.toMeetSlo({ latencyMs: { p95: 500 } })).toThrow(/not to meet its SLO, but all 4 checks passed/);
  });

  it('rejects a summary-less value and an invalid SLO, even under .not', () => {
    expect(() => expect({ foo: 1 }).not.toMeetSlo({})).toThrow(/expected a RunSummary/);
    expect(() => expect(makeSummary()).not.toMeetSlo({ latencyMs: { p97: 1 } } as never)).toThrow(/p97/);
  });

  it('works as an asymmetric matcher', () => {
    expect({ run: makeSummary() }).toEqual({ run: expect.toMeetSlo({ errorRate: 0.1 }) });
  });
});

describe('toHaveP95Below / toHaveErrorRateBelow', () => {
  it('judges p95 with sample minimums', () => {
    expect(makeSummary()).toHaveP95Below(200);
    expect(slow).not.toHaveP95Below(500);
    expect(toHaveP95Below(slow, 500).message()).toContain('expected guest-chat to have p95 latency below 500 ms, 1 of 4 checks failed');
    expect(toHaveP95Below(makeSummary({ latencyMs: dist(19) }), 500).message()).toContain('latency.p95 insufficient samples (19 < 20)');
    expect(() => toHaveP95Below(makeSummary(), -1)).toThrow(/positive number/);
  });

  it('judges the error rate, failing on zero scheduled requests', () => {
    const failing = makeSummary({ errorRate: 0.05 });
    expect(makeSummary()).toHaveErrorRateBelow(0.01);
    expect(failing).not.toHaveErrorRateBelow(0.01);
    expect(toHaveErrorRateBelow(failing, 0.01).message()).toContain('guest-chat: errorRate = 0.05, expected < 0.01');
    const none = { scheduled: 0, sent: 0, completed: 0, ok: 0, failed: 0, dropped: 0 };
    const zero = makeSummary({ requests: none, whole: { requests: none, errorRate: 0, errors: {}, latencyMs: dist(0) } });
    expect(toHaveErrorRateBelow(zero, 0.01).message()).toContain('guest-chat: errorRate no requests scheduled');
    expect(() => toHaveErrorRateBelow(makeSummary(), 2)).toThrow(/at most 1/);
  });

  it('fails on an overloaded generator when the bound is missed, passes when the inflated p95 still meets it', () => {
    expect(overloaded).not.toHaveP95Below(50);
    expect(toHaveP95Below(overloaded, 50).message()).toContain('generator overloaded');
    expect(overloaded).toHaveP95Below(10_000);
  });
});

describe('formatSloResult', () => {
  it('formats every check, optionally with marks or failed only', () => {
    const result = evaluateSlo(slow, { latencyMs: { p95: 500 }, errorRate: 0.01, minRateRatio: 0.95 });
    expect(formatSloResult(result, 'guest-chat', { marks: true })).toEqual([
      'PASS guest-chat: generator ok (p99 dispatch lag 1 ms)',
      'PASS guest-chat: okRequests = 1000 (>= 1)',
      'FAIL guest-chat: latency.p95 = 912.4 ms, expected < 500 ms',
      'PASS guest-chat: errorRate = 0 (< 0.01)',
      'PASS guest-chat: rateRatio = 0.99 (>= 0.95)',
    ]);
    expect(formatSloResult(result, undefined, { onlyFailed: true })).toEqual(['latency.p95 = 912.4 ms, expected < 500 ms']);
  });
});
