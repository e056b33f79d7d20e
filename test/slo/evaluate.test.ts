import { describe, expect, it } from 'vitest';
import { evaluateSlo, MIN_SAMPLES } from '../../src/slo/evaluate.ts';
import { mergeSlo, parseSlo } from '../../src/slo/schema.ts';
import { formatSloResult } from '../../src/slo/format.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { dist, makeSummary } from './fixtures.ts';

const check = (r: ReturnType<typeof evaluateSlo>, name: string) => r.checks.find((c) => c.name === name);

describe('evaluateSlo', () => {
  it('passes a healthy run and reports every check with bound and measured value', () => {
    const r = evaluateSlo(makeSummary(), {
      latencyMs: { p50: 200, p95: 200, p99: 500, max: 1000 },
      errorRate: 0.01,
      minRateRatio: 0.95,
    });
    expect(r.passed).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual([
      'generator',
      'okRequests',
      'latency.p50',
      'latency.p95',
      'latency.p99',
      'latency.max',
      'errorRate',
      'rateRatio',
    ]);
    expect(check(r, 'latency.p95')).toEqual({ name: 'latency.p95', bound: '< 200 ms', actual: 100, passed: true });
    expect(check(r, 'rateRatio')).toMatchObject({ bound: '>= 0.95', actual: 0.99, passed: true });
    expect(check(r, 'errorRate')).toMatchObject({ bound: '< 0.01', actual: 0, passed: true });
  });

  it('treats latency bounds as strictly below and ratio bounds as at least', () => {
    const s = makeSummary({ throughput: { targetRps: 100, achievedRps: 95 }, errorRate: 0.01 });
    const r = evaluateSlo(s, { latencyMs: { p95: 100 }, errorRate: 0.01, minRateRatio: 0.95 });
    expect(check(r, 'latency.p95')?.passed).toBe(false);
    expect(check(r, 'errorRate')?.passed).toBe(false);
    expect(check(r, 'rateRatio')?.passed).toBe(true);
    expect(r.passed).toBe(false);
  });

  it('fails a latency bound that is exceeded', () => {
    const r = evaluateSlo(makeSummary({ latencyMs: dist(1000, { p95: 912.4 }) }), { latencyMs: { p95: 500 } });
    expect(r.passed).toBe(false);
    expect(check(r, 'latency.p95')).toMatchObject({ actual: 912.4, passed: false });
  });

  it.each([
    ['p99', 99, 100],
    ['p95', 19, 20],
    ['p90', 9, 10],
    ['p50', 1, 2],
    ['max', 0, 1],
  ] as const)('fails %s with insufficient samples below the minimum (%i < %i) and passes at it', (stat, few, need) => {
    expect(MIN_SAMPLES[stat]).toBe(need);
    const low = evaluateSlo(makeSummary({ latencyMs: dist(few, { [stat]: 1 }) }), { latencyMs: { [stat]: 1000 } });
    expect(low.passed).toBe(false);
    expect(check(low, `latency.${stat}`)).toMatchObject({ passed: false, reason: `insufficient samples (${few} < ${need})` });
    expect(Number.isNaN(check(low, `latency.${stat}`)?.actual)).toBe(true);
    const enough = evaluateSlo(makeSummary({ latencyMs: dist(need, { [stat]: 1 }) }), { latencyMs: { [stat]: 1000 } });
    expect(enough.passed).toBe(true);
  });

  it('fails an SSE bound when the run measured no streams', () => {
    const r = evaluateSlo(makeSummary(), { ttftMs: { p95: 2000 }, minStreamCompletion: 0.99 });
    expect(r.passed).toBe(false);
    expect(check(r, 'ttft.p95')?.reason).toMatch(/^insufficient samples \(0 < 20\): no SSE streams measured/);
    expect(check(r, 'streamCompletion')?.passed).toBe(false);
  });

  it('judges TTFT and stream completion from the stream summary', () => {
    const stream = { ttfbMs: dist(100), ttftMs: dist(100, { p95: 1500 }), interEventMs: dist(500), events: 500, aborted: 2, completed: 98 };
    const r = evaluateSlo(makeSummary({ stream }), { ttftMs: { p95: 2000 }, minStreamCompletion: 0.99 });
    expect(check(r, 'ttft.p95')).toMatchObject({ actual: 1500, passed: true });
    expect(check(r, 'streamCompletion')).toMatchObject({ actual: 0.98, passed: false, bound: '>= 0.99' });
  });

  it('judges TPOT percentiles and the goodput ratio; goodput without bounds recorded fails as not measured', () => {
    const stream = { ttfbMs: dist(100), ttftMs: dist(100), interEventMs: dist(500), tpotMs: dist(100, { p95: 120 }), outputTokensFrom: { usage: 0, tokenizer: 100 }, events: 500, aborted: 0, completed: 100 };
    const goodput = { ratio: 0.93, rps: 93, bounds: { ttftMs: 1000, tpotMs: 150 } };
    const r = evaluateSlo(makeSummary({ stream, goodput }), { tpotMs: { p95: 100 }, goodput: { ttftMs: 1000, tpotMs: 150, minRatio: 0.95 } });
    expect(check(r, 'tpot.p95')).toMatchObject({ actual: 120, passed: false });
    expect(check(r, 'goodput')).toMatchObject({ actual: 0.93, passed: false, bound: '>= 0.95 (ttft < 1000 ms, tpot < 150 ms)' });
    const unmeasured = evaluateSlo(makeSummary({ stream }), { goodput: { ttftMs: 1000, minRatio: 0.9 } });
    expect(check(unmeasured, 'goodput')).toMatchObject({ passed: false, reason: 'goodput not measured: the run had no goodput bounds' });
    const noStreams = evaluateSlo(makeSummary(), { tpotMs: { p95: 100 } });
    expect(check(noStreams, 'tpot.p95')?.reason).toMatch(/no SSE streams measured/);
  });

  it('judges an overloaded generator by what it could have caused: met timing bounds pass (times only grow), missed ones fail as generator overloaded', () => {
    const generator = { maxLagMs: 300, p99DispatchLagMs: 45, lateRequests: 80, valid: false, notes: ['p99 dispatch lag 45 ms > 10 ms'] };
    const s = makeSummary({ generator });
    const met = evaluateSlo(s, { latencyMs: { p95: 500 } });
    expect(met.passed).toBe(true);
    expect(check(met, 'generator')).toMatchObject({ passed: true, reason: expect.stringMatching(/^generator unhealthy \(p99 dispatch lag 45 ms > 10 ms\), but/) });
    expect(evaluateSlo(s, {}).passed).toBe(true);
    const missed = evaluateSlo(s, { latencyMs: { p95: 50 } });
    expect(missed.passed).toBe(false);
    expect(check(missed, 'generator')).toMatchObject({
      passed: false,
      reason: "generator overloaded: p99 dispatch lag 45 ms > 10 ms; latency.p95 may be the generator's, not the target's",
    });
  });

  it('fails an overloaded generator of the closed model whatever the bounds (a slow generator lowers the offered load)', () => {
    const generator = { maxLagMs: 300, p99DispatchLagMs: 45, lateRequests: 80, valid: false, notes: ['p99 event-loop lag 45 ms exceeds 10 ms'] };
    const r = evaluateSlo(makeSummary({ generator, model: 'concurrency' }), { latencyMs: { p95: 500 } });
    expect(r.passed).toBe(false);
    expect(check(r, 'generator')).toMatchObject({ passed: false, reason: 'generator overloaded: p99 event-loop lag 45 ms exceeds 10 ms' });
  });

  it('fails the error-rate and rate checks when nothing was scheduled', () => {
    const zero = { scheduled: 0, sent: 0, completed: 0, ok: 0, failed: 0, dropped: 0 };
    const s = makeSummary({
      requests: zero, throughput: { targetRps: 100, achievedRps: 0 }, errorRate: 0, latencyMs: dist(0),
      whole: { requests: zero, errorRate: 0, errors: {}, latencyMs: dist(0) },
    });
    const r = evaluateSlo(s, { errorRate: 0.01, minRateRatio: 0.9, latencyMs: { p95: 100 } });
    expect(r.passed).toBe(false);
    expect(check(r, 'errorRate')).toMatchObject({ passed: false, reason: 'no requests scheduled' });
    expect(check(r, 'rateRatio')).toMatchObject({ passed: false, reason: 'no requests scheduled' });
    expect(check(r, 'okRequests')).toMatchObject({ passed: false, reason: 'no request succeeded: nothing scheduled in the judged window' });
    expect(check(r, 'latency.p95')).toMatchObject({ passed: false, reason: 'insufficient samples (0 < 20): no request succeeded' });
  });

  it('names the whole run when a run stopped before its judged window', () => {
    const zero = { scheduled: 0, sent: 0, completed: 0, ok: 0, failed: 0, dropped: 0 };
    const ramp = { scheduled: 90, sent: 90, completed: 90, ok: 0, failed: 90, dropped: 0 };
    const s = makeSummary({
      aborted: true, abortReason: 'abort-on-fail', requests: zero, throughput: { targetRps: 0, achievedRps: 0 }, errorRate: 0, latencyMs: dist(0),
      whole: { requests: ramp, errorRate: 1, errors: { invalid_body: 90 }, latencyMs: dist(0) },
    });
    const r = evaluateSlo(s, {});
    expect(check(r, 'errorRate')).toMatchObject({ passed: false, reason: 'no requests in the judged window (whole run: 90 scheduled, error rate 100%)' });
  });

  it('gives every SLO an error-rate check, 1% unless it states one', () => {
    const r = evaluateSlo(makeSummary({ errorRate: 0.02 }), { latencyMs: { p95: 500 } });
    expect(check(r, 'errorRate')).toMatchObject({ bound: '< 0.01 [default]', actual: 0.02, passed: false });
    expect(r.passed).toBe(false);
    expect(check(evaluateSlo(makeSummary({ errorRate: 0.02 }), { errorRate: 0.05 }), 'errorRate')).toMatchObject({ bound: '< 0.05', passed: true });
  });

  it('never passes a run in which nothing succeeded, whatever the SLO says', () => {
    const failed = { scheduled: 100, sent: 100, completed: 100, ok: 0, failed: 100, dropped: 0 };
    const s = makeSummary({ requests: failed, errorRate: 1, errors: { invalid_body: 100 }, latencyMs: dist(0) });
    const r = evaluateSlo(s, { errorRate: 1 });
    expect(r.passed).toBe(false);
    expect(check(r, 'errorRate')?.passed).toBe(false);
    expect(check(r, 'okRequests')).toMatchObject({ passed: false, actual: 0, reason: 'no request succeeded: 100 of 100 failed (invalid_body ×100)' });
    const cut = makeSummary({ requests: { scheduled: 67, sent: 67, completed: 0, ok: 0, failed: 0, dropped: 0 }, latencyMs: dist(0) });
    expect(check(evaluateSlo(cut, {}), 'okRequests')).toMatchObject({ passed: false, reason: 'no request succeeded: none of 67 sent completed' });
  });

  it('does not pass an error-rate bound when no request completed (an interrupted run: 0 of 51)', () => {
    const cut = { scheduled: 51, sent: 51, completed: 0, ok: 0, failed: 0, dropped: 0 };
    const s = makeSummary({
      aborted: true, abortReason: 'interrupted by SIGINT', interrupted: true, requests: cut, errorRate: 0, errors: {}, latencyMs: dist(0),
      whole: { requests: cut, errorRate: 0, errors: {}, latencyMs: dist(0) },
    });
    const r = evaluateSlo(s, { errorRate: 0.01 });
    const e = check(r, 'errorRate')!;
    expect(e.passed).toBe(false);
    expect(e.actual).toBeNaN();
    expect(e.reason).toBe('insufficient samples (0 < 1): none of 51 sent completed');
    expect(formatSloResult(r, undefined, { marks: true })).toContain('FAIL errorRate insufficient samples (0 < 1): none of 51 sent completed');
    expect(formatSloResult(r, undefined, { marks: true }).join('\n')).not.toMatch(/PASS errorRate/);
    const unsent = makeSummary({ requests: { ...cut, sent: 0 }, latencyMs: dist(0) });
    expect(check(evaluateSlo(unsent, {}), 'errorRate')).toMatchObject({ passed: false, reason: 'insufficient samples (0 < 1): nothing sent' });
  });

  it('fails a run that was aborted', () => {
    const r = evaluateSlo(makeSummary({ aborted: true, abortReason: 'SIGINT' }), { errorRate: 0.5 });
    expect(r.passed).toBe(false);
    expect(check(r, 'run')).toMatchObject({ passed: false, reason: 'run aborted: SIGINT' });
  });

  it('bounds sampled resources by their maximum over the timeline', () => {
    const entry = { t: 0, targetRps: 1, sent: 1, ok: 1, failed: 0, dropped: 0, errors: {}, inFlight: 0, p50: 1, p95: 1, p99: 1 };
    const timeline = [
      { ...entry, resources: { cpuPercent: 40 } },
      { ...entry, t: 1, resources: { cpuPercent: 85 } },
      { ...entry, t: 2 },
    ];
    const r = evaluateSlo(makeSummary({ timeline }), { resources: { cpuPercent: 80, rssMb: 500 } });
    expect(check(r, 'resources.cpuPercent')).toMatchObject({ actual: 85, passed: false, bound: '< 80' });
    expect(check(r, 'resources.rssMb')).toMatchObject({ passed: false, reason: 'no samples of rssMb' });
  });

  it('judges resources only in the judged window (not the ramp or the drain)', () => {
    const entry = { t: 0, targetRps: 1, sent: 1, ok: 1, failed: 0, dropped: 0, errors: {}, inFlight: 0, p50: 1, p95: 1, p99: 1 };
    const timeline = [
      { ...entry, t: 0, resources: { cpuPercent: 95 } },
      { ...entry, t: 5, resources: { cpuPercent: 60 } },
      { ...entry, t: 9, resources: { cpuPercent: 70 } },
      { ...entry, t: 10, resources: { cpuPercent: 99 } },
    ];
    const r = evaluateSlo(makeSummary({ timeline, window: { kind: 'steady', fromS: 5, toS: 10 } }), { resources: { cpuPercent: 80 } });
    expect(check(r, 'resources.cpuPercent')).toMatchObject({ actual: 70, passed: true });
  });

  it('fails the rate check of a run without a target rate', () => {
    const r = evaluateSlo(makeSummary({ model: 'concurrency', throughput: { targetRps: 0, achievedRps: 50 } }), { minRateRatio: 0.9 });
    expect(check(r, 'rateRatio')).toMatchObject({ passed: false, reason: 'no target rate to compare with' });
  });
});

describe('sloSchema / parseSlo', () => {
  it('accepts a full SLO', () => {
    const slo = { latencyMs: { p95: 200 }, ttftMs: { p99: 3000 }, errorRate: 0.01, minRateRatio: 0.95, minStreamCompletion: 0.99, resources: { cpuPercent: 80 } };
    expect(parseSlo(slo)).toEqual(slo);
  });

  it('rejects unknown keys and names them', () => {
    expect(() => parseSlo({ latencyMs: { p97: 10 } })).toThrow(/p97/);
    expect(() => parseSlo({ errorrate: 0.1 })).toThrow(/errorrate/);
    expect(() => parseSlo({ errorrate: 0.1 })).toThrow(ConfigError);
  });

  it('rejects out-of-range values naming the option', () => {
    expect(() => parseSlo({ latencyMs: { p95: -1 } })).toThrow(/latencyMs\.p95/);
    expect(() => parseSlo({ errorRate: 0 })).toThrow(/errorRate/);
    expect(() => parseSlo({ minRateRatio: 1.5 })).toThrow(/minRateRatio/);
  });

  it('merges an override over a base SLO bound by bound', () => {
    expect(mergeSlo({ latencyMs: { p95: 200, p99: 500 }, errorRate: 0.01 }, { latencyMs: { p95: 300 } })).toEqual({
      latencyMs: { p95: 300, p99: 500 },
      errorRate: 0.01,
    });
  });
});
