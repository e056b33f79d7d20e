import { afterEach, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import type { ResourceSummary } from '../../src/resources/readings.ts';
import { createPrometheusTextSampler } from '../../src/resources/text-sampler.ts';
import { evaluateSlo } from '../../src/slo/evaluate.ts';
import { startTextServer } from './metrics-server.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('resource samplers in a load run', () => {
  it('fill timeline[].resources and summary.extra.resources, and SLO resource bounds judge them', async () => {
    const t0 = Date.now();
    let rss = 100e6;
    const srv = await startTextServer((path) => {
      if (path !== '/metrics') return { body: 'ok' };
      rss += 1e6;
      // 0.9 CPU-second per second: 90% of one core.
      return { body: `process_cpu_seconds_total ${(0.9 * (Date.now() - t0)) / 1000}\nprocess_resident_memory_bytes ${rss}` };
    });
    closers.push(srv.close);
    const summary = await runLoad({
      name: 'with-resources',
      scenario: { url: `${srv.url}/work` },
      model: { type: 'arrival-rate', stages: [{ durationS: 3, target: 20 }] },
      warmupS: 0,
      samplers: [createPrometheusTextSampler({ url: `${srv.url}/metrics` })],
    });
    const sampled = summary.timeline.filter((e) => e.resources?.['rssBytes'] !== undefined);
    expect(sampled.length).toBeGreaterThanOrEqual(2);
    expect(summary.timeline.some((e) => (e.resources?.['cpuPercent'] ?? 0) > 60)).toBe(true);
    const extra = summary.extra?.['resources'] as ResourceSummary;
    expect(extra.source).toBe(`${srv.url}/metrics`);
    expect(extra.stats['cpuPercent']!.max).toBeGreaterThan(60);
    expect(extra.stats['rssBytes']!.max).toBeGreaterThan(extra.stats['rssBytes']!.start);
    expect(extra.gaps).toBe(0);

    const slo = evaluateSlo(summary, { resources: { cpuPercent: 80, rssBytes: 1e12 } });
    const cpu = slo.checks.find((c) => c.name === 'resources.cpuPercent');
    expect(cpu?.passed).toBe(false);
    expect(cpu?.actual).toBeGreaterThan(80);
    expect(slo.checks.find((c) => c.name === 'resources.rssBytes')?.passed).toBe(true);
  });

  it('a metrics endpoint that dies mid-run leaves gaps, never breaks the run', async () => {
    let alive = true;
    const srv = await startTextServer((path) => (path === '/metrics' && !alive ? { status: 503, body: '' } : { body: 'process_resident_memory_bytes 5\nprocess_cpu_seconds_total 1' }));
    closers.push(srv.close);
    setTimeout(() => (alive = false), 1200);
    const summary = await runLoad({
      name: 'metrics-die',
      scenario: { url: `${srv.url}/work` },
      model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 4, target: 10 }] },
      warmupS: 0,
      samplers: [createPrometheusTextSampler({ url: `${srv.url}/metrics`, maxConsecutiveFailures: 2 })],
    });
    expect(summary.requests.ok).toBeGreaterThan(30);
    const extra = summary.extra?.['resources'] as ResourceSummary;
    expect(extra.gaps).toBeGreaterThanOrEqual(2);
    expect(extra.notes.join(' ')).toMatch(/failed in a row \(HTTP 503\)/);
    expect(summary.timeline.at(-1)?.resources).toBeUndefined();
  });
});
