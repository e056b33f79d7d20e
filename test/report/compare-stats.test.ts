import { describe, expect, it } from 'vitest';
import { createHistogram, encodeHistogram, digest } from '../../src/metrics/histogram.ts';
import { percentileSe } from '../../src/report/compare-observe.ts';
import { judgeChange, type ChangeInput, type RunMeasure } from '../../src/report/compare-stats.ts';

/** Seeded normal numbers (LCG + Box–Muller): the same samples on every run of the test. */
function normals(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** `n` runs of a metric whose true value is `value`, spread `runSd` between runs (relative) and `withinSd` within each. */
function runs(rnd: () => number, n: number, value: number, runSd: number, withinSd = 0.005): RunMeasure[] {
  return Array.from({ length: n }, () => ({ value: value * Math.exp(runSd * rnd() + withinSd * rnd()), withinSe: value * withinSd }));
}

const LATENCY: Omit<ChangeInput, 'base' | 'head'> = { scale: 'relative', worse: 'up', minChange: 0.02, confidence: 0.95, priorRunSd: Math.log1p(0.2) };

function rates(trials: number, n: number, factor: number, runSd: number, seed: number) {
  const rnd = normals(seed);
  const count = { slower: 0, same: 0, unknown: 0 };
  for (let i = 0; i < trials; i++) count[judgeChange({ ...LATENCY, base: runs(rnd, n, 40, runSd), head: runs(rnd, n, 40 * factor, runSd) }).verdict]++;
  return count;
}

describe('judgeChange: the verdict over repeated runs (synthetic samples)', () => {
  it('identical builds: "slower" in at most 5% of 400 comparisons of 3 runs a side', () => {
    const c = rates(400, 3, 1, 0.03, 1);
    expect(c.slower / 400).toBeLessThanOrEqual(0.05);
  });

  it('a 10% slowdown with 3 runs a side of 1.5% spread: "slower" in at least 95% of 400 comparisons', () => {
    const c = rates(400, 3, 1.1, 0.015, 2);
    expect(c.slower / 400).toBeGreaterThanOrEqual(0.95);
  });

  it('a single run a side finds a 2× slowdown, and calls neither +10% nor no change "same" (the spread is assumed, not known)', () => {
    const one = (f: number) => judgeChange({ ...LATENCY, base: [{ value: 40, withinSe: 0.4 }], head: [{ value: 40 * f, withinSe: 0.4 * f }] });
    expect(one(2)).toMatchObject({ verdict: 'slower', spread: 'assumed' });
    expect(one(2).change).toBeCloseTo(1, 6);
    expect(one(2).ci[0]).toBeGreaterThan(0.02);
    expect(one(1.1).verdict).toBe('unknown');
    expect(one(1).verdict).toBe('unknown');
  });

  it('runs that agree closely and do not differ come out "same"; a faster HEAD is "same" too', () => {
    const rnd = normals(3);
    expect(judgeChange({ ...LATENCY, base: runs(rnd, 5, 40, 0.002, 0.001), head: runs(rnd, 5, 40, 0.002, 0.001) }).verdict).toBe('same');
    expect(judgeChange({ ...LATENCY, base: runs(rnd, 3, 40, 0.01), head: runs(rnd, 3, 30, 0.01) })).toMatchObject({ verdict: 'same' });
  });

  it('between-run spread counts, not only the requests: runs precise within but far apart are "not enough evidence", not "slower"', () => {
    // Within each run the percentile is known to 0.1%, but runs differ by ~15%: a test on pooled requests would cry wolf.
    const base = [38, 46, 41].map((value) => ({ value, withinSe: value * 0.001 }));
    const head = [44, 49, 43].map((value) => ({ value, withinSe: value * 0.001 }));
    expect(judgeChange({ ...LATENCY, base, head })).toMatchObject({ verdict: 'unknown', spread: 'measured' });
  });

  it('a change smaller than the minimum that counts is never "slower", however sure', () => {
    const base = [40, 40.01, 39.99].map((value) => ({ value, withinSe: 0.001 }));
    const head = base.map((r) => ({ ...r, value: r.value * 1.01 }));
    const j = judgeChange({ ...LATENCY, base, head });
    expect(j.ci[0]).toBeGreaterThan(0);
    expect(j.verdict).toBe('same');
  });

  it('an achieved rate that drops is worse; an error rate is judged in points', () => {
    const rate = (v: number) => [{ value: v, withinSe: 0.001 }, { value: v * 1.001, withinSe: 0.001 }];
    expect(judgeChange({ ...LATENCY, worse: 'down', base: rate(1), head: rate(0.8) }).verdict).toBe('slower');
    expect(judgeChange({ ...LATENCY, worse: 'down', base: rate(0.8), head: rate(1) }).verdict).toBe('same');
    const err = (p: number) => [{ value: p, withinSe: 0.001 }];
    const j = judgeChange({ ...LATENCY, scale: 'absolute', minChange: 0.005, priorRunSd: 0, base: err(0), head: err(0.05) });
    expect(j.verdict).toBe('slower');
    expect(j.change).toBeCloseTo(0.05, 9);
  });
});

describe('percentileSe: the within-run error of a percentile, from its HDR histogram', () => {
  it('matches the order-statistic error of a normal sample', () => {
    const rnd = normals(7);
    const h = createHistogram();
    const n = 20_000;
    for (let i = 0; i < n; i++) h.recordValue(Math.round((100 + 10 * rnd()) * 1000));
    const d = digest(h);
    const encoded = encodeHistogram(h);
    // Median of N(100, 10): se = σ·√(π/2)/√n.
    const expected = 10 * Math.sqrt(Math.PI / 2) / Math.sqrt(n);
    const se = percentileSe(encoded, 0.5, d);
    expect(se).toBeGreaterThan(expected * 0.5);
    expect(se).toBeLessThan(expected * 2);
    expect(percentileSe(undefined, 0.5, d)).toBe(0);
  });
});
