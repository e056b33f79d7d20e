import { describe, expect, it } from 'vitest';
import { capacityMarkdown, formatCapacityResult, formatCapacityTable } from '../../src/capacity/format.ts';
import { capacityObservations } from '../../src/capacity/observations.ts';
import type { CapacityResult, CapacityStep } from '../../src/capacity/types.ts';
import { normalizeCapacity } from '../../src/report/capacity.ts';

const MIB = 1024 * 1024;

function step(targetRps: number, over: Partial<CapacityStep> = {}): CapacityStep {
  return {
    targetRps, achievedRps: targetRps, sentRps: targetRps, p50: 20, p95: 40, p99: 60, errorRate: 0, passed: true,
    phase: 'search', generatorValid: true, failures: [], errors: {}, ...over,
  };
}

const steps = [
  step(50, { resources: { cpuPercent: { max: 40, mean: 30 } } }),
  step(100, { p95: 90, resources: { cpuPercent: { max: 85, mean: 70 } } }),
  step(150, { p95: 900, passed: false, errorRate: 0.04, errors: { http_524: 12, timeout: 3 }, failures: ['latency.p95 = 900 ms, expected < 500 ms'] }),
  step(125, { phase: 'refine', p95: 300, passed: false, errorRate: 0.02, errors: { http_524: 4 }, failures: ['errorRate = 0.02, expected < 0.01'] }),
];

const result: CapacityResult = {
  endpoint: 'voice-chat', route: 'POST /api/godgpt/voice/chat', steps, maxStableRps: 100, degradationRps: 125,
  unloadedP50Ms: 18, unloadedP95Ms: 30, unloadedSamples: 40, k: 3, degradationP95Ms: 90, stoppedBy: 'target-limit',
  verdict: 'voice-chat: maximum stable rate 100/s; fails at 125/s', observations: [], notes: ['a note'],
  startedAt: '2025-01-01T00:00:00.000Z', durationS: 60,
};

describe('capacity observations', () => {
  it('name the first errors and their rate, latency growth, CPU saturation and memory held', () => {
    const obs = capacityObservations({
      steps, unloadedP95Ms: 30, maxStableRps: 100,
      resources: { jsMemoryBytes: { start: 50 * MIB, end: 190 * MIB, max: 200 * MIB }, rssBytes: { start: 100 * MIB, end: 400 * MIB, max: 400 * MIB } },
    });
    expect(obs[0]).toBe('first errors at 125/s: http_524 ×4 (2.00% of requests)');
    expect(obs).toContain('p95 90 ms at the maximum stable 100/s, 3.0× the unloaded 30 ms');
    expect(obs).toContain('p95 900 ms at 150/s (30.0× unloaded)');
    expect(obs).toContain('CPU reached 85% at 100/s (≥ 80%)');
    expect(obs).toContain('memory held by JS (heap + buffers) grew from 50 MiB to 200 MiB during the search, still 190 MiB at the end');
    expect(obs.join(' ')).not.toMatch(/RSS/);
  });

  it('say so when nothing went wrong', () => {
    expect(capacityObservations({ steps: [step(10)], unloadedP95Ms: 40, maxStableRps: 10 })).toEqual([
      'no errors up to 10/s',
      'p95 40 ms at the maximum stable 10/s, 1.0× the unloaded 40 ms',
    ]);
  });
});

describe('capacity observations of a step with no completed request', () => {
  const empty = { p50: NaN, p95: NaN, p99: NaN, achievedRps: 0, sentRps: 0, passed: false, failures: ['run aborted'] };

  it('say nothing about errors at a rate interrupted with 0 ok', () => {
    const obs = capacityObservations({ steps: [step(5), step(10, empty)], unloadedP95Ms: 40, maxStableRps: 5 });
    expect(obs).toContain('no errors up to 5/s');
    expect(obs.join('\n')).not.toMatch(/up to 10\/s/);
    expect(capacityObservations({ steps: [step(10, empty)], unloadedP95Ms: 40, maxStableRps: null }).join('\n')).not.toMatch(/no errors/);
  });
});

describe('capacity output', () => {
  it('prints the steps table, the verdict and the degradation threshold', () => {
    const text = formatCapacityResult(result).join('\n');
    expect(text).toMatch(/unloaded latency: p50 18 ms, p95 30 ms \(40 sequential requests\)/);
    expect(text).toMatch(/search\s+150\s+150\s+20 ms\s+900 ms\s+60 ms\s+4%\s+FAIL: latency\.p95 = 900 ms/);
    expect(text).toMatch(/verdict: voice-chat: maximum stable rate 100\/s; fails at 125\/s/);
    expect(text).toMatch(/degradation threshold: 125\/s \(p95 above 90 ms, k = 3\)/);
  });

  it('the suite table and capacity.md carry endpoint, max stable, degradation and observations', () => {
    const withObs = { ...result, observations: ['first errors at 125/s: http_524 ×4'] };
    const table = formatCapacityTable([withObs, { ...withObs, endpoint: 'account', maxStableRps: 300, degradationRps: null, stoppedBy: 'max-reached' }]);
    expect(table[0]).toMatch(/^endpoint\s+max stable QPS\s+degradation QPS\s+key observations$/);
    expect(table[1]).toMatch(/^voice-chat\s+100\s+125\s+first errors at 125\/s/);
    expect(table[2]).toMatch(/^account\s+300\+\s+—/);
    const md = capacityMarkdown([withObs], { runId: 'r1', target: 'http://user:secret@127.0.0.1:1' });
    expect(md).toMatch(/\| voice-chat \(POST \/api\/godgpt\/voice\/chat\) \| 100 \| 125 \| first errors at 125\/s: http_524 ×4 \|/);
    expect(md).not.toMatch(/secret/);
  });

  it('show "< lowest rate" when every rate failed down to the lowest tried, not a bare dash', () => {
    const failed = { ...result, maxStableRps: null, stoppedBy: 'start-failed' as const, steps: result.steps.map((s) => ({ ...s, passed: false })) };
    expect(formatCapacityTable([failed])[1]).toMatch(/^voice-chat\s+< 50\s/);
    expect(capacityMarkdown([failed], { runId: 'r1', target: 't' })).toMatch(/\| voice-chat \(POST \/api\/godgpt\/voice\/chat\) \| < 50 \|/);
  });

  it('capacity.json is read by the report as its capacity field', () => {
    const [c] = normalizeCapacity(JSON.parse(JSON.stringify([result])));
    expect(c).toMatchObject({ endpoint: 'voice-chat', maxStableRps: 100, degradationRps: 125 });
    expect(c!.steps.map((s) => s.targetRps)).toEqual([50, 100, 125, 150]);
  });
});
