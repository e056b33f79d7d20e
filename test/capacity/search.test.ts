import { describe, expect, it } from 'vitest';
import { degradationRate, resolutionAt, searchCapacity, type SearchPlan } from '../../src/capacity/search.ts';
import type { CapacityStep } from '../../src/capacity/types.ts';

const plan: SearchPlan = { startRps: 10, stepRps: 10, maxRps: 200, resolutionRatio: 0.02, minResolutionRps: 1, maxRefineSteps: 8 };

/** A model target: fine below `limit`, failing above; p95 grows as the rate approaches it. */
function modelTarget(limit: number, opts: { generatorLimit?: number } = {}) {
  const asked: number[] = [];
  const run = async (rps: number, phase: CapacityStep['phase']): Promise<CapacityStep> => {
    asked.push(rps);
    const passed = rps <= limit;
    const p95 = 10 / Math.max(0.05, 1 - rps / (limit * 1.2));
    return {
      targetRps: rps, achievedRps: passed ? rps : limit, sentRps: rps, p50: p95 / 2, p95, p99: p95 * 1.5,
      errorRate: passed ? 0 : 0.05, passed, phase,
      generatorValid: opts.generatorLimit === undefined || rps < opts.generatorLimit,
      failures: passed ? [] : ['latency.p95 too high'], errors: passed ? {} : { http_5xx: 5 },
    };
  };
  return { run, asked };
}

describe('searchCapacity', () => {
  it('steps up, then bisects the first failing interval to the resolution', async () => {
    const t = modelTarget(73);
    const out = await searchCapacity(plan, t.run);
    expect(t.asked.slice(0, 8)).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
    expect(out.stoppedBy).toBe('target-limit');
    expect(out.maxStableRps).toBeGreaterThanOrEqual(73 - resolutionAt(plan, 73));
    expect(out.maxStableRps).toBeLessThanOrEqual(73);
    expect(out.firstBadRps! - out.maxStableRps!).toBeLessThanOrEqual(resolutionAt(plan, out.maxStableRps!));
    expect(out.steps.filter((s) => s.phase === 'refine').length).toBeGreaterThan(0);
  });

  it('reports max-reached when every step passes, clamping the last step to max', async () => {
    const t = modelTarget(1000);
    const out = await searchCapacity({ ...plan, startRps: 50, stepRps: 40, maxRps: 150 }, t.run);
    expect(t.asked).toEqual([50, 90, 130, 150]);
    expect(out).toMatchObject({ stoppedBy: 'max-reached', maxStableRps: 150, firstBadRps: null });
  });

  it('halves a failing start rate until a step passes, then bisects above it', async () => {
    const t = modelTarget(3.7);
    const out = await searchCapacity(plan, t.run);
    expect(t.asked.slice(0, 3)).toEqual([10, 5, 2.5]);
    expect(out.stoppedBy).toBe('target-limit');
    expect(out.maxStableRps).toBeGreaterThanOrEqual(3.7 - resolutionAt(plan, 3.7));
    expect(out.maxStableRps).toBeLessThanOrEqual(3.7);
  });

  it('reports start-failed only when every rate down to minRps fails', async () => {
    const t = modelTarget(0.5);
    const out = await searchCapacity(plan, t.run);
    expect(t.asked).toEqual([10, 5, 2.5, 1.3, 1]);
    expect(out).toMatchObject({ stoppedBy: 'start-failed', maxStableRps: null, firstBadRps: 1 });
  });

  it('stops when the generator is overloaded: the limit is not the target\'s', async () => {
    const out = await searchCapacity(plan, modelTarget(150, { generatorLimit: 45 }).run);
    expect(out.stoppedBy).toBe('generator-limit');
    expect(out.maxStableRps).toBe(40);
    expect(out.steps.map((s) => s.targetRps)).toEqual([10, 20, 30, 40, 50, 50]);
  });

  it('runs a step again when the generator stalled once, and goes on when the retry is valid', async () => {
    const t = modelTarget(35);
    let stalls = 1;
    const out = await searchCapacity({ ...plan, maxRefineSteps: 0 }, async (r, p) => {
      const step = await t.run(r, p);
      if (r === 20 && stalls-- > 0) return { ...step, generatorValid: false, passed: false };
      return step;
    });
    expect(out.steps.map((s) => s.targetRps)).toEqual([10, 20, 20, 30, 40]);
    expect(out).toMatchObject({ stoppedBy: 'target-limit', maxStableRps: 30 });
  });

  it('stops between steps when aborted', async () => {
    let n = 0;
    const t = modelTarget(150);
    const out = await searchCapacity(plan, async (r, p) => (n++, t.run(r, p)), () => n >= 3);
    expect(out.stoppedBy).toBe('aborted');
    expect(out.steps).toHaveLength(3);
  });

  it('caps the number of refinement probes', async () => {
    const t = modelTarget(1234.5);
    const out = await searchCapacity({ ...plan, startRps: 100, stepRps: 1000, maxRps: 5000, maxRefineSteps: 2 }, t.run);
    expect(out.steps.filter((s) => s.phase === 'refine')).toHaveLength(2);
  });
});

describe('degradationRate', () => {
  it('is the lowest rate whose p95 exceeds the bound, ignoring generator-invalid steps', () => {
    const step = (targetRps: number, p95: number, generatorValid = true) => ({ targetRps, p95, generatorValid }) as CapacityStep;
    expect(degradationRate([step(30, 50), step(10, 10), step(20, 40, false), step(25, 31)], 30)).toBe(25);
    expect(degradationRate([step(10, 10)], 30)).toBeNull();
  });
});
