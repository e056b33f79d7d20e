import { describe, expect, test } from 'vitest';
import { unmeasurableBounds } from '../../src/slo/measurable.ts';
import { parseSloExpression } from '../../src/slo/expression.ts';

const slo = (text: string) => parseSloExpression(text, '--slo');

describe('unmeasurableBounds: what a run cannot measure, known before it starts', () => {
  test('TTFT, TPOT, stream completion and goodput\'s ttft/tpot need SSE streams', () => {
    expect(unmeasurableBounds(slo('p95<200,ttft_p95<100,tpot_p99<50,completion>0.99,errors<0.01'), { sse: false })).toEqual(['ttft.p95', 'tpot.p99', 'streamCompletion']);
    expect(unmeasurableBounds(slo('goodput(ttft<100,latency<500)>0.9'), { sse: false })).toEqual(['goodput(ttft)']);
    expect(unmeasurableBounds(slo('goodput(latency<500)>0.9,p99<800'), { sse: false })).toEqual([]);
    expect(unmeasurableBounds(slo('ttft_p95<100,completion>0.99,goodput(ttft<100,tpot<50)>0.9'), { sse: true })).toEqual([]);
  });

  test('a resource bound needs a sampler that gives it; unknown samplers are not judged here', () => {
    expect(unmeasurableBounds(slo('resources.cpuPercent<80'), { sse: false, resourceKeys: new Set() })).toEqual(['resources.cpuPercent']);
    expect(unmeasurableBounds(slo('resources.cpuPercent<80,resources.rssBytes<1e9'), { sse: false, resourceKeys: new Set(['rssBytes']) })).toEqual(['resources.cpuPercent']);
    expect(unmeasurableBounds(slo('resources.cpuPercent<80'), { sse: false })).toEqual([]);
  });
});
