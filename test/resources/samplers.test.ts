import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPrometheusTextSampler } from '../../src/resources/text-sampler.ts';
import { createPrometheusQuerySampler, valueOfQueryResponse } from '../../src/resources/query-sampler.ts';
import type { ResourceSummary } from '../../src/resources/readings.ts';
import { startTextServer } from './metrics-server.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('createPrometheusTextSampler', () => {
  it('turns the CPU counter into percent of one core and records RSS, heap and gauges', async () => {
    const t0 = Date.now();
    const srv = await startTextServer(() => {
      const elapsedS = (Date.now() - t0) / 1000;
      // The target burns half a core: 0.5 CPU-second per second.
      return {
        body: [
          `process_cpu_seconds_total ${(10 + 0.5 * elapsedS).toFixed(4)}`,
          'process_resident_memory_bytes 200000000',
          'nodejs_heap_used_bytes 50000000',
          'sim_queue_depth{backend="voice"} 3',
          'sim_queue_depth{backend="chat"} 2',
        ].join('\n'),
      };
    });
    closers.push(srv.close);
    const sampler = createPrometheusTextSampler({
      url: `${srv.url}/metrics`,
      intervalMs: 100,
      gauges: { queueDepth: 'sim_queue_depth' },
    });
    await sampler.start();
    await sleep(650);
    const values = sampler.sample();
    const summary = (await sampler.stop()) as unknown as ResourceSummary;
    expect(values?.['rssBytes']).toBe(200_000_000);
    expect(values?.['heapUsedBytes']).toBe(50_000_000);
    expect(values?.['queueDepth']).toBe(5);
    expect(summary.stats['cpuPercent']?.mean).toBeGreaterThan(35);
    expect(summary.stats['cpuPercent']?.mean).toBeLessThan(65);
    expect(summary.scrapes).toBeGreaterThanOrEqual(4);
    expect(summary.gaps).toBe(0);
    expect(summary.notes).toEqual([]);
  });

  it('reads node_exporter idle counters and available memory', async () => {
    const t0 = Date.now();
    const srv = await startTextServer(() => {
      const s = (Date.now() - t0) / 1000;
      // Two cores, each idle 75% of the time: 0.5 core busy = 50% of one core, 25% of the host.
      return {
        body: [
          `node_cpu_seconds_total{cpu="0",mode="idle"} ${(1000 + 0.75 * s).toFixed(4)}`,
          `node_cpu_seconds_total{cpu="1",mode="idle"} ${(1000 + 0.75 * s).toFixed(4)}`,
          `node_cpu_seconds_total{cpu="0",mode="user"} 5`,
          'node_memory_MemAvailable_bytes 6e9',
          'node_memory_MemTotal_bytes 8e9',
        ].join('\n'),
      };
    });
    closers.push(srv.close);
    const sampler = createPrometheusTextSampler({
      url: srv.url,
      intervalMs: 100,
      cpuMetric: 'node_cpu_seconds_total{mode="idle"}',
      memoryMetric: 'node_memory_MemAvailable_bytes',
    });
    await sampler.start();
    await sleep(650);
    const summary = (await sampler.stop()) as unknown as ResourceSummary;
    expect(summary.stats['hostCpuPercent']?.mean).toBeGreaterThan(10);
    expect(summary.stats['hostCpuPercent']?.mean).toBeLessThan(40);
    expect(summary.stats['cpuPercent']?.mean).toBeGreaterThan(20);
    expect(summary.stats['memUsedBytes']?.max).toBe(2e9);
    expect(summary.stats['memUsedPercent']?.max).toBe(25);
    expect(summary.stats['rssBytes']).toBeUndefined();
  });

  it('records failures as gaps without throwing or stalling, and notes repeated failures', async () => {
    let mode: 'ok' | 'error' | 'slow' = 'ok';
    const srv = await startTextServer(() =>
      mode === 'ok'
        ? { body: 'process_cpu_seconds_total 1\nprocess_resident_memory_bytes 100' }
        : mode === 'error'
          ? { status: 500, body: 'oops' }
          : { body: 'process_resident_memory_bytes 1', hold: true },
    );
    closers.push(srv.close);
    const sampler = createPrometheusTextSampler({ url: srv.url, intervalMs: 60, timeoutMs: 150, maxConsecutiveFailures: 3 });
    await sampler.start();
    mode = 'error';
    await sleep(400);
    mode = 'slow';
    await sleep(500);
    // the slow scrapes are never answered: stop() returning at all shows the scrape timeout ends them
    expect(srv.held()).toBeGreaterThan(0);
    const summary = (await sampler.stop()) as unknown as ResourceSummary;
    expect(summary.gaps).toBeGreaterThanOrEqual(3);
    expect(summary.notes.join(' ')).toMatch(/failed in a row/);
    const errors = sampler.readings().flatMap((r) => (r.error ? [r.error] : []));
    expect(errors).toContain('HTTP 500');
    expect(errors.some((e) => /timed out/.test(e))).toBe(true);
    expect(sampler.sample()).toBeUndefined();
  });

  it('starts and stops cleanly when the endpoint is down, and notes missing metrics', async () => {
    const down = createPrometheusTextSampler({ url: 'http://127.0.0.1:9/metrics', intervalMs: 50, timeoutMs: 200 });
    await down.start();
    await sleep(250);
    const summary = (await down.stop()) as unknown as ResourceSummary;
    expect(summary.scrapes).toBeGreaterThan(0);
    expect(summary.gaps).toBe(summary.scrapes);
    expect(summary.notes.length).toBe(1);

    const srv = await startTextServer(() => ({ body: 'something_else 1' }));
    closers.push(srv.close);
    const partial = createPrometheusTextSampler({ url: srv.url, intervalMs: 50 });
    await partial.start();
    await sleep(120);
    const s2 = (await partial.stop()) as unknown as ResourceSummary;
    expect(s2.notes.join(' ')).toMatch(/no process_cpu_seconds_total metric/);
    expect(s2.notes.join(' ')).toMatch(/no process_resident_memory_bytes metric/);
  });

  it('rejects bad options naming the option', () => {
    expect(() => createPrometheusTextSampler({ url: 'not a url' })).toThrow(/url/);
    expect(() => createPrometheusTextSampler({ url: 'http://127.0.0.1/', cpuMetric: 'bad{x=1}' })).toThrow(/cpuMetric/);
  });

  it('borrowed views summarise their own window and leave the sampler running', async () => {
    let rss = 100;
    const srv = await startTextServer(() => ({ body: `process_resident_memory_bytes ${rss}` }));
    closers.push(srv.close);
    const sampler = createPrometheusTextSampler({ url: srv.url, intervalMs: 50 });
    await sampler.start();
    await sleep(150);
    rss = 500;
    await sleep(100);
    const view = sampler.borrow();
    await view.start();
    await sleep(150);
    const window = (await view.stop()) as unknown as ResourceSummary;
    expect(window.stats['rssBytes']?.min).toBe(500);
    const before = sampler.readings().length;
    await sleep(150);
    expect(sampler.readings().length).toBeGreaterThan(before);
    const whole = (await sampler.stop()) as unknown as ResourceSummary;
    expect(whole.stats['rssBytes']).toMatchObject({ start: 100, max: 500, end: 500 });
  });
});

describe('createPrometheusQuerySampler', () => {
  it('runs one instant query per key and sums vector series', async () => {
    const srv = await startTextServer((path) => {
      const q = new URL(path, 'http://x').searchParams.get('query') ?? '';
      if (q.startsWith('rate(')) {
        return { body: JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '40'] }, { metric: {}, value: [1, '2.5'] }] } }) };
      }
      if (q === 'broken') return { status: 400, body: '{"status":"error"}' };
      return { body: JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '123456'] } }) };
    });
    closers.push(srv.close);
    const sampler = createPrometheusQuerySampler({
      url: `${srv.url}/`,
      queries: { 'api-cpu': 'rate(process_cpu_seconds_total{job="api"}[30s])*100', 'api-rss': 'scalar(x)', bad: 'broken' },
      intervalMs: 100,
    });
    await sampler.start();
    await sleep(250);
    const values = sampler.sample();
    const summary = (await sampler.stop()) as unknown as ResourceSummary;
    expect(values).toEqual({ 'api-cpu': 42.5, 'api-rss': 123456 });
    expect(summary.gaps).toBe(0);
    expect(summary.notes.join(' ')).toMatch(/query bad failed \(HTTP 400\)/);
  });

  it('explains unusable answers', () => {
    expect(valueOfQueryResponse('<html>')).toEqual({ error: 'the answer is not JSON' });
    expect(valueOfQueryResponse('{"status":"success","data":{"resultType":"vector","result":[]}}')).toEqual({ error: 'query returned no series' });
    expect(valueOfQueryResponse('{"status":"success","data":{"resultType":"matrix","result":[]}}')).toMatchObject({ error: expect.stringMatching(/matrix/) });
  });
});
