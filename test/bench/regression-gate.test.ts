import { describe, expect, it } from 'vitest';
import { headSimConfig, outcomeOf, passOrder, tally } from '../../bench/regression-gate.ts';

describe('bench/regression-gate.ts (no load: its plan and its counting)', () => {
  it('slows HEAD\'s simulator by the factor: session-info\'s service time, the mocked model\'s TTFT; identical builds slow nothing', () => {
    expect(headSimConfig('identical', 1.1)).toBeUndefined();
    const si = headSimConfig('session-info', 1.1) as { serviceTimes: { sessionInfo: { medianMs: number; p95Ms: number } } };
    expect(si.serviceTimes.sessionInfo.medianMs).toBeCloseTo(11, 9);
    expect(si.serviceTimes.sessionInfo.p95Ms).toBeCloseTo(33, 9);
    const chat = headSimConfig('chat-ttft', 2) as { llmOverrides: { ttftMedianMs: number; ttftP95Ms: number } };
    expect(chat.llmOverrides).toEqual({ ttftMedianMs: 600, ttftP95Ms: 900 });
  });

  it('reads perf compare --json and counts verdicts per metric and comparisons that failed the gate', () => {
    const doc = (regressed: boolean, p95: string) => JSON.stringify({ regressed, diffs: [{ regressed, metrics: [{ metric: 'p50', verdict: 'same', change: 0.01, ci: [-0.01, 0.015] }, { metric: 'p95', verdict: p95, change: 0.1, ci: [0.05, 0.15] }, { metric: 'p99', change: null, notJudged: 'few' }] }] });
    const outcomes = [outcomeOf(doc(true, 'slower')), outcomeOf(doc(false, 'unknown')), outcomeOf(doc(true, 'slower'))];
    expect(tally(outcomes)).toEqual({
      comparisons: 3,
      regressed: 2,
      byMetric: { p50: { slower: 0, same: 3, unknown: 0, notJudged: 0 }, p95: { slower: 2, same: 0, unknown: 1, notJudged: 0 }, p99: { slower: 0, same: 0, unknown: 0, notJudged: 3 } },
    });
    expect(() => outcomeOf(JSON.stringify({ regressed: false, diffs: [] }))).toThrow(/nothing to compare/);
    // One scenario per pass: a second test's verdict must never be counted as the first's.
    const two = JSON.parse(doc(false, 'same'));
    two.diffs.push({ ...two.diffs[0], regressed: true });
    expect(() => outcomeOf(JSON.stringify({ ...two, regressed: true }))).toThrow(/compared 2 tests/);
  });

  it('alternates which side runs first, across passes and comparisons', () => {
    expect([1, 2, 3].map((k) => passOrder(1, k))).toEqual(['base-first', 'head-first', 'base-first']);
    expect([1, 2, 3, 4].map((i) => passOrder(i, 1))).toEqual(['base-first', 'head-first', 'base-first', 'head-first']);
  });
});
