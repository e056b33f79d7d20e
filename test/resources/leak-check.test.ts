import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { judgeLeak, leakSettingsFromEnv, leakVerdictFromReadings, runLeakCheck } from '../../src/resources/leak-check.ts';
import { memoryNotReleasedMessage, registerLeakMatchers } from '../../src/resources/leak-matcher.ts';
import { createPrometheusTextSampler } from '../../src/resources/text-sampler.ts';
import { startTextServer } from './metrics-server.ts';

const MIB = 1024 * 1024;
registerLeakMatchers();

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('judgeLeak', () => {
  it('flags memory still above baseline + max(X MiB, Y% of the growth)', () => {
    const kept = judgeLeak({ metric: 'heapUsedBytes', baselineBytes: 50 * MIB, peakBytes: 150 * MIB, endBytes: 140 * MIB, cooldownS: 30 });
    expect(kept.leaked).toBe(true);
    expect(kept.retainedRatio).toBeCloseTo(0.9);
    expect(kept.allowedBytes).toBe(25 * MIB);
    expect(kept.reason).toMatch(/not released.*90% of the growth/);

    const released = judgeLeak({ metric: 'heapUsedBytes', baselineBytes: 50 * MIB, peakBytes: 150 * MIB, endBytes: 60 * MIB, cooldownS: 30 });
    expect(released.leaked).toBe(false);
    expect(released.reason).toMatch(/^memory released/);

    const smallGrowth = judgeLeak({ metric: 'rssBytes', baselineBytes: 50 * MIB, peakBytes: 56 * MIB, endBytes: 56 * MIB, cooldownS: 5 });
    expect(smallGrowth.leaked).toBe(false);

    const strict = judgeLeak(
      { metric: 'rssBytes', baselineBytes: 50 * MIB, peakBytes: 56 * MIB, endBytes: 56 * MIB, cooldownS: 5 },
      { minRetainedBytes: 1 * MIB, maxRetainedRatio: 0.1 },
    );
    expect(strict.leaked).toBe(true);
  });

  it('the matcher and the predicate give a message with the numbers', () => {
    const leaked = judgeLeak({ metric: 'heapUsedBytes', baselineBytes: 10 * MIB, peakBytes: 100 * MIB, endBytes: 100 * MIB, cooldownS: 3 });
    expect(memoryNotReleasedMessage(leaked)).toMatch(/baseline 10.0 MiB, peak 100.0 MiB, 100.0 MiB after 3 s/);
    expect(() => expect(leaked).toReleaseMemory()).toThrow(/expected memory to be released/);
    expect(leaked).not.toReleaseMemory();
    const ok = judgeLeak({ metric: 'heapUsedBytes', baselineBytes: 10 * MIB, peakBytes: 100 * MIB, endBytes: 12 * MIB, cooldownS: 3 });
    expect(ok).toReleaseMemory();
    expect(memoryNotReleasedMessage(ok)).toBeUndefined();
    expect(() => expect({ nope: 1 }).toReleaseMemory()).toThrow(/LeakVerdict/);
  });
});

describe('leakVerdictFromReadings', () => {
  it('prefers heap used over RSS and uses floors for baseline and end', () => {
    const r = (atMs: number, heap: number, rss: number) => ({ atMs, values: { heapUsedBytes: heap * MIB, rssBytes: rss * MIB } });
    const readings = [r(0, 40, 100), r(1, 42, 100), r(2, 90, 200), r(3, 120, 250), r(4, 45, 250), r(5, 60, 250), r(6, 44, 250), { atMs: 7, error: 'gap' }];
    const v = leakVerdictFromReadings(readings, { loadStartMs: 1.5, loadEndMs: 3.5 })!;
    expect(v.metric).toBe('heapUsedBytes');
    expect(v).toMatchObject({ baselineBytes: 40 * MIB, peakBytes: 120 * MIB, endBytes: 44 * MIB, leaked: false });
    const rss = leakVerdictFromReadings(readings, { loadStartMs: 1.5, loadEndMs: 3.5, metric: 'rssBytes' })!;
    expect(rss.leaked).toBe(true);
    expect(leakVerdictFromReadings([{ atMs: 0, error: 'x' }], { loadStartMs: 1, loadEndMs: 2 })).toBeUndefined();
  });
});

describe('runLeakCheck against a metrics endpoint', () => {
  async function target(releases: boolean) {
    let heap = 30 * MIB;
    let phase: 'idle' | 'load' | 'after' = 'idle';
    const srv = await startTextServer(() => {
      if (phase === 'load') heap += 8 * MIB;
      if (phase === 'after' && releases) heap = Math.max(31 * MIB, heap - 40 * MIB);
      return { body: `process_resident_memory_bytes ${300 * MIB}\nnodejs_heap_used_bytes ${heap}` };
    });
    closers.push(srv.close);
    return { url: srv.url, setPhase: (p: typeof phase) => (phase = p) };
  }

  for (const releases of [true, false]) {
    it(`${releases ? 'passes a target that frees its memory' : 'flags a target that keeps it'} after the cool-down`, async () => {
      const t = await target(releases);
      const sampler = createPrometheusTextSampler({ url: t.url, intervalMs: 100 });
      closers.push(async () => void (await sampler.stop()));
      const { result, verdict } = await runLeakCheck({
        sampler,
        cooldownS: 1.5,
        baselineS: 0.5,
        load: async (view) => {
          t.setPhase('load');
          await view.start();
          await sleep(800);
          const windowSummary = await view.stop();
          t.setPhase('after');
          return windowSummary;
        },
      });
      expect(result).toMatchObject({ stats: { heapUsedBytes: expect.any(Object) } });
      expect(verdict.metric).toBe('heapUsedBytes');
      expect(verdict.baselineBytes).toBe(30 * MIB);
      expect(verdict.peakBytes).toBeGreaterThan(60 * MIB);
      expect(verdict.leaked).toBe(!releases);
      if (releases) expect(verdict).toReleaseMemory();
      else expect(verdict.retainedRatio).toBeGreaterThan(0.9);
    });
  }

  it('refuses to judge when the sampler has no memory metric', async () => {
    const srv = await startTextServer(() => ({ body: 'process_cpu_seconds_total 1' }));
    closers.push(srv.close);
    const sampler = createPrometheusTextSampler({ url: srv.url, intervalMs: 100 });
    closers.push(async () => void (await sampler.stop()));
    await expect(runLeakCheck({ sampler, cooldownS: 0, baselineS: 0, load: async () => 1 })).rejects.toThrow(/no memory value/);
  });
});

describe('leakSettingsFromEnv', () => {
  it('reads the cool-down and the rule, defaults to 30 s', () => {
    expect(leakSettingsFromEnv({}).cooldownS).toBe(30);
    const s = leakSettingsFromEnv({ PERF_COOLDOWN_S: '5', PERF_LEAK_MIN_MIB: '16', PERF_LEAK_MAX_RETAINED: '0.5' });
    expect(s).toEqual({ cooldownS: 5, rule: { minRetainedBytes: 16 * MIB, maxRetainedRatio: 0.5 } });
    expect(() => leakSettingsFromEnv({ PERF_COOLDOWN_S: 'soon' })).toThrow(/PERF_COOLDOWN_S/);
  });
});
