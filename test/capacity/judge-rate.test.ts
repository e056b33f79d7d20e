import { describe, expect, it } from 'vitest';
import { judgeStep } from '../../src/capacity/judge.ts';
import { dist, makeSummary } from '../slo/fixtures.ts';

const RULE = { maxErrorRate: 0.01, minRateRatio: 0.95 };

/**
 * A 4 s hold at 50/s after a 1 s ramp, of 2.5 s iterations, as the engine reports it: the hold's own
 * timeline seconds hold mostly the ramp's completions (25/s), and `achievedRps` counts the ok
 * completions in the hold shifted by the iterations' mean duration (`windowShiftMs`).
 */
function longIterations(achievedRps: number, okPerS: (t: number) => number) {
  const timeline = Array.from({ length: 9 }, (_, t) => ({
    t, targetRps: 50, sent: 50, ok: okPerS(t), failed: 0, dropped: 0, errors: {}, inFlight: 125, p50: 2500, p95: 2600, p99: 2700,
  }));
  return makeSummary({
    window: { kind: 'steady', fromS: 1, toS: 5 },
    requests: { scheduled: 200, sent: 200, completed: 200, ok: 200, failed: 0, dropped: 0 },
    throughput: { targetRps: 50, achievedRps, sentRps: 50, windowShiftMs: 2500 },
    latencyMs: dist(200, { p50: 2500, p90: 2550, p95: 2600, p99: 2700, max: 2800 }),
    timeline,
  });
}

describe('the completed rate of a capacity step whose iterations outlast part of the hold', () => {
  it('is the engine\'s achieved rate (its window shifted by the iteration time), not the hold\'s own seconds (the SLO\'s rate ratio too)', () => {
    const step = judgeStep(longIterations(50, (t) => (t < 3 ? 25 : 50)), 50, { minRateRatio: 0.95, latencyMs: { p95: 5000 } }, RULE, 'search');
    expect(step.failures).toEqual([]);
    expect(step.passed).toBe(true);
    expect(step.achievedRps).toBe(50);
  });

  it('still fails a target that completes less than the rate ratio asks', () => {
    const step = judgeStep(longIterations(30, (t) => (t < 3 ? 25 : 30)), 50, { minRateRatio: 0.95, latencyMs: { p95: 5000 } }, RULE, 'search');
    expect(step.passed).toBe(false);
    expect(step.failures.join('\n')).toMatch(/completed ok 30\.0\/s < 95% of 50\/s/);
    expect(step.failures.filter((f) => /completed ok|rateRatio/.test(f))).toHaveLength(1);
  });
});
