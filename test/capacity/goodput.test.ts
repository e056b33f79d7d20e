import { describe, expect, it } from 'vitest';
import { judgeStep } from '../../src/capacity/judge.ts';
import { runCapacity } from '../../src/capacity/run.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { makeSummary } from '../slo/fixtures.ts';

const rule = { maxErrorRate: 0.01, minRateRatio: 0.95 };
const slo = { latencyMs: { p95: 50 }, goodput: { ttftMs: 1000, tpotMs: 50, minRatio: 0.9 } };

describe('capacity search maximising goodput', () => {
  // 3% errors and p95 100 ms fail the SLO; 95% of the iterations still met every goodput bound
  const summary = makeSummary({
    errorRate: 0.03,
    errors: { http_5xx: 30 },
    requests: { scheduled: 1000, sent: 1000, completed: 1000, ok: 970, failed: 30, dropped: 0 },
    goodput: { ratio: 0.95, rps: 95, bounds: { ttftMs: 1000, tpotMs: 50 } },
  });

  it('a step passes on its goodput ratio alone, and records goodput', () => {
    const byRate = judgeStep(summary, 100, slo, rule, 'search');
    expect(byRate.passed).toBe(false);
    expect(byRate).toMatchObject({ goodputRatio: 0.95, goodputRps: 95 });
    const byGoodput = judgeStep(summary, 100, slo, rule, 'search', 'en', 'goodput');
    expect(byGoodput.failures).toEqual([]);
    expect(byGoodput.passed).toBe(true);
  });

  it('a goodput ratio under the bound fails the step (0.9 when the SLO states none)', () => {
    const low = { ...summary, goodput: { ratio: 0.85, rps: 85, bounds: { ttftMs: 1000 } } };
    expect(judgeStep(low, 100, slo, rule, 'search', 'en', 'goodput').passed).toBe(false);
    const noRatio = { goodput: { ttftMs: 1000 } };
    expect(judgeStep(low, 100, noRatio, rule, 'search', 'en', 'goodput').failures.join()).toMatch(/goodput/);
    expect(judgeStep({ ...low, goodput: { ...low.goodput, ratio: 0.91 } }, 100, noRatio, rule, 'search', 'en', 'goodput').passed).toBe(true);
  });

  it('refuses to maximise goodput without goodput bounds', async () => {
    const run = runCapacity({
      name: 'x', scenario: { url: 'http://127.0.0.1:9/x' }, slo: { latencyMs: { p95: 100 } }, startRps: 1, stepRps: 1, maxRps: 2, maximize: 'goodput',
      runLoad: () => Promise.reject(new Error('not called')),
    });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/maximize goodput needs goodput bounds/);
  });
});
