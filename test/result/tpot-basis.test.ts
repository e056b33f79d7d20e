import { describe, expect, it } from 'vitest';
import { observeSummary } from '../../src/report/compare-observe.ts';
import { DEFAULT_VERDICT_SETTINGS, judgeMetric } from '../../src/report/compare-verdict.ts';
import { headline } from '../../src/report/suite-report.ts';
import { mergeSummaries } from '../../src/merge/merge-summaries.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { evaluateSlo } from '../../src/slo/evaluate.ts';
import { dist, makeSummary } from '../slo/fixtures.ts';

/**
 * A summary written before issue 20 holds TPOT per content chunk ((end of stream − TTFT) / (content
 * events − 1)); one written since holds it per output token, and says so by `stream.outputTokensFrom`.
 * Nothing may judge or compare the old number as if it were the new one.
 */
const stream = (perToken: boolean): RunSummary['stream'] => ({
  ttfbMs: dist(100), ttftMs: dist(100), interEventMs: dist(1000), tpotMs: dist(100, { p50: 95, p95: 105 }),
  events: 1500, aborted: 0, completed: 100,
  ...(perToken ? { outputTokensFrom: { usage: 0, tokenizer: 100 } } : {}),
});
const before = makeSummary({ stream: stream(false) });
const since = makeSummary({ stream: stream(true) });

describe('TPOT of summaries written before issue 20 (per chunk) is never read as TPOT per token', () => {
  it('an SLO tpot bound is not judged on it: failed as not measured, naming why', () => {
    const old = evaluateSlo(before, { tpotMs: { p95: 200 } }).checks.find((c) => c.name === 'tpot.p95')!;
    expect(old.passed).toBe(false);
    expect(old.actual).toBeNaN();
    expect(old.reason).toMatch(/TPOT per content chunk, .* written before issue 20/);
    expect(evaluateSlo(since, { tpotMs: { p95: 200 } }).checks.find((c) => c.name === 'tpot.p95')).toMatchObject({ actual: 105, passed: true });
  });

  it('perf compare observes TPOT only where it is per token', () => {
    expect(observeSummary(before, headline(before)).tpotP50).toBeUndefined();
    expect(observeSummary(since, headline(since)).tpotP50).toMatchObject({ value: 95 });
    const run = (x: RunSummary) => ({ metrics: headline(x), observed: observeSummary(x, headline(x)) });
    const diff = judgeMetric('tpotP50', [run(before)], [run(since)], DEFAULT_VERDICT_SETTINGS)!;
    expect(diff.regressed).toBe(false);
    expect(diff.notJudged).toMatch(/^no TPOT per output token in BASE .*written before issue 20/);
  });

  it('perf merge of a summary of each kind claims no TPOT per token', () => {
    expect(mergeSummaries([since, since]).stream!.outputTokensFrom).toEqual({ usage: 0, tokenizer: 200 });
    const mixed = mergeSummaries([before, since]);
    expect(mixed.stream!.outputTokensFrom).toBeUndefined();
    expect(evaluateSlo(mixed, { tpotMs: { p95: 200 } }).checks.find((c) => c.name === 'tpot.p95')!.passed).toBe(false);
  });
});
