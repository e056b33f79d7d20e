import { describe, expect, it } from 'vitest';
import { Scope, type RequestSample } from '../../src/metrics/scope.ts';
import { emptyStreamSample } from '../../src/metrics/stream-sample.ts';

function sample(name: string, latencyMs: number, measure = true, status = 200): RequestSample {
  return { ...emptyStreamSample(), name, status, errorKind: undefined, apiCode: undefined, responseBytes: 100, latencyMs, serviceTimeMs: latencyMs, sse: false, measure };
}

describe('Scope steps', () => {
  it('a single measured step reports the same distribution as the scope', () => {
    const s = new Scope(true);
    for (let i = 1; i <= 100; i++) s.request(sample('only', i));
    const step = s.stepSummaries().only!;
    expect(step.count).toBe(100);
    expect(step.statusCodes).toEqual({ '200': 100 });
    expect(step.latencyMs).toEqual(s.latencyDigest());
    expect(step.latencyMs.max).toBeCloseTo(100, 0);
    s.destroy();
  });

  it('keeps each step its own latencies once a second step or an unmeasured request appears', () => {
    const s = new Scope(true);
    for (let i = 0; i < 10; i++) s.request(sample('a', 1));
    for (let i = 0; i < 10; i++) s.request(sample('b', 100));
    s.request(sample('a', 2));
    s.request(sample('setup', 500, false));
    const steps = s.stepSummaries();
    expect(steps.a!.count).toBe(11);
    expect(steps.a!.latencyMs.max).toBeCloseTo(2, 1);
    expect(steps.a!.latencyMs.min).toBeCloseTo(1, 1);
    expect(steps.b!.count).toBe(10);
    expect(steps.b!.latencyMs.min).toBeCloseTo(100, 0);
    expect(steps.setup!.latencyMs.max).toBeCloseTo(500, 0);
    expect(s.latencyDigest().count).toBe(21);
    s.destroy();
  });

  it('an unmeasured request of the only step ends the mirroring without losing earlier values', () => {
    const s = new Scope(true);
    for (let i = 0; i < 5; i++) s.request(sample('a', 3));
    s.request(sample('a', 50, false));
    const a = s.stepSummaries().a!;
    expect(a.count).toBe(6);
    expect(a.latencyMs.count).toBe(6);
    expect(a.latencyMs.max).toBeCloseTo(50, 0);
    expect(s.latencyDigest().count).toBe(5);
    s.destroy();
  });
});
