import { describe, expect, it } from 'vitest';
import { parseKeyValueList, samplersFromEnv } from '../../src/resources/env.ts';

describe('samplersFromEnv', () => {
  it('builds nothing when nothing is configured', () => {
    expect(samplersFromEnv({})).toEqual([]);
  });

  it('builds a text sampler named resources and a query sampler named prometheus', () => {
    const samplers = samplersFromEnv({
      PERF_METRICS_URL: 'http://127.0.0.1:9100/metrics',
      PERF_METRICS_PRESET: 'node_exporter',
      PERF_METRICS_GAUGES: 'queueDepth=sim_queue_depth{backend="voice"}',
      PERF_PROMETHEUS_URL: 'http://127.0.0.1:9090',
      PERF_PROMETHEUS_QUERIES: 'api-cpu=rate(process_cpu_seconds_total{job="api"}[30s])*100;api-rss=process_resident_memory_bytes{job="api"}',
      PERF_SCRAPE_TIMEOUT_MS: '500',
    });
    expect(samplers.map((s) => s.name)).toEqual(['resources', 'prometheus']);
  });

  it('uses the default metrics URL when none is configured', () => {
    expect(samplersFromEnv({}, { defaultMetricsUrl: 'http://127.0.0.1:4000/metrics' }).map((s) => s.name)).toEqual(['resources']);
  });

  it('names the variable in errors', () => {
    expect(() => samplersFromEnv({ PERF_METRICS_URL: 'nope' })).toThrow(/PERF_METRICS_URL/);
    expect(() => samplersFromEnv({ PERF_PROMETHEUS_URL: 'http://127.0.0.1:9090' })).toThrow(/PERF_PROMETHEUS_QUERIES/);
    expect(() => samplersFromEnv({ PERF_PROMETHEUS_URL: 'http://127.0.0.1:9090', PERF_PROMETHEUS_QUERIES: 'justaquery' })).toThrow(
      /PERF_PROMETHEUS_QUERIES: expected name=value/,
    );
    expect(() => samplersFromEnv({ PERF_METRICS_URL: 'http://127.0.0.1/m', PERF_METRICS_CPU: 'x{' })).toThrow(/PERF_METRICS_\*.*cpuMetric/s);
    expect(() => samplersFromEnv({ PERF_METRICS_URL: 'http://127.0.0.1/m', PERF_SCRAPE_TIMEOUT_MS: 'fast' })).toThrow(/PERF_SCRAPE_TIMEOUT_MS/);
  });

  it('splits key=value lists on the first =', () => {
    expect(parseKeyValueList('a=x{y="1"}; b = c=d ;', 'X')).toEqual({ a: 'x{y="1"}', b: 'c=d' });
  });
});
