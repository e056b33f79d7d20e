import { parseKeyValueList } from '../src/index.ts';
import type { SuiteConfig } from './config.ts';

/** Values the Prometheus text sampler (`PERF_METRICS_URL`, or the embedded simulator's `/metrics`) can give. */
const TEXT_SAMPLER_KEYS = [
  'cpuPercent', 'hostCpuPercent', 'rssBytes', 'heapUsedBytes', 'externalBytes', 'jsMemoryBytes',
  'memAvailableBytes', 'memUsedBytes', 'memUsedPercent',
];
const MEMORY_KEYS = ['jsMemoryBytes', 'heapUsedBytes', 'rssBytes', 'memUsedBytes'];

/** What the suite's samplers will measure on the target, known before any run. */
export interface ResourceSampling {
  /** Resource keys some sampler gives (`cpuPercent`, `jsMemoryBytes`, gauges, query names). */
  keys: ReadonlySet<string>;
  /** A memory value is sampled, so a leak check can judge. */
  memory: boolean;
  /** How to get sampling, for skip notes. */
  hint: string;
}

/**
 * Sampling as `suiteSamplers` will set it up: the embedded simulator's `/metrics` (no `BASE_URL`),
 * `PERF_METRICS_URL` (+ `PERF_METRICS_GAUGES`), `PERF_PROMETHEUS_URL` + `PERF_PROMETHEUS_QUERIES`.
 * Malformed values are left to `samplersFromEnv`, which names them when the run starts.
 */
export function resourceSampling(config: SuiteConfig, env: NodeJS.ProcessEnv = process.env): ResourceSampling {
  const keys = new Set<string>();
  const set = (name: string): string | undefined => (env[name]?.trim() ? env[name]!.trim() : undefined);
  if (!config.baseUrl || set('PERF_METRICS_URL')) {
    for (const k of TEXT_SAMPLER_KEYS) keys.add(k);
    for (const k of Object.keys(tryList(set('PERF_METRICS_GAUGES')))) keys.add(k);
  }
  if (set('PERF_PROMETHEUS_URL')) for (const k of Object.keys(tryList(set('PERF_PROMETHEUS_QUERIES')))) keys.add(k);
  return {
    keys,
    memory: MEMORY_KEYS.some((k) => keys.has(k)),
    hint: 'no resource sampler: set PERF_METRICS_URL or PERF_PROMETHEUS_URL + PERF_PROMETHEUS_QUERIES',
  };
}

function tryList(src: string | undefined): Record<string, string> {
  if (!src) return {};
  try {
    return parseKeyValueList(src, 'resources');
  } catch {
    return {};
  }
}
