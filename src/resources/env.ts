import { z } from 'zod';
import { envNumber, readEnv } from '../core/env.ts';
import { ConfigError } from '../core/errors.ts';
import { redact, REDACTED } from '../report/redact.ts';
import type { ResourceSampler } from './poller.ts';
import { createPrometheusQuerySampler } from './query-sampler.ts';
import { createPrometheusTextSampler } from './text-sampler.ts';

const PRESETS = {
  process: { cpu: 'process_cpu_seconds_total', memory: 'process_resident_memory_bytes' },
  node_exporter: { cpu: 'node_cpu_seconds_total{mode="idle"}', memory: 'node_memory_MemAvailable_bytes' },
} as const;

const envSchema = z.object({
  PERF_METRICS_URL: z.string().optional(),
  PERF_METRICS_PRESET: z.enum(['process', 'node_exporter']).optional(),
  PERF_METRICS_CPU: z.string().min(1).optional(),
  PERF_METRICS_MEMORY: z.string().min(1).optional(),
  PERF_METRICS_HEAP: z.string().min(1).optional(),
  PERF_METRICS_GAUGES: z.string().optional(),
  PERF_PROMETHEUS_URL: z.string().optional(),
  PERF_PROMETHEUS_QUERIES: z.string().optional(),
  PERF_SCRAPE_INTERVAL_MS: envNumber({ int: true, min: 50, max: 60_000 }).optional(),
  PERF_SCRAPE_TIMEOUT_MS: envNumber({ int: true, min: 10, max: 30_000 }).optional(),
});

/** Parses `key=value;key=value` (value may itself contain `=`). */
export function parseKeyValueList(src: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of src.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim() : '';
    const value = eq > 0 ? part.slice(eq + 1).trim() : '';
    if (key === '' || value === '') throw new ConfigError(`${what}: expected name=value, got "${part.trim()}"`);
    out[key] = value;
  }
  return out;
}

const URL_VARS = ['PERF_METRICS_URL', 'PERF_PROMETHEUS_URL'] as const;

/** The value with everything between `scheme://` and the last `@` masked, and any other secret redacted. */
function shownUrl(value: string): string {
  return redact(value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[\s\S]*@/i, (_m, scheme: string | undefined) => `${scheme ?? ''}${REDACTED}@`));
}

/** `PERF_METRICS_URL` and `PERF_PROMETHEUS_URL` must be http(s) URLs; the message never shows their credentials. */
function assertResourceUrls(env: Record<string, string | undefined>): void {
  for (const name of URL_VARS) {
    const value = env[name]?.trim();
    if (!value) continue;
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
      throw new ConfigError(`${name}: not a valid http(s) URL such as http://127.0.0.1:9100/metrics (got "${shownUrl(value)}")`);
    }
  }
}

/**
 * Checks the resource sampling settings (`PERF_METRICS_*`, `PERF_PROMETHEUS_*`, the scrape period and timeout)
 * as `samplersFromEnv` will read them, without building anything: for the edge of a run.
 * Throws `ConfigError` naming the variable, credentials in URLs masked.
 */
export function assertResourceEnv(env: Record<string, string | undefined> = process.env): void {
  samplersFromEnv(env);
}

export interface SamplersFromEnvOptions {
  /** Used when `PERF_METRICS_URL` is not set (the embedded simulator's `/metrics`). */
  defaultMetricsUrl?: string;
}

/**
 * Builds the resource samplers `.env` asks for: a Prometheus text sampler named `resources`
 * (`PERF_METRICS_URL`) and a query API sampler named `prometheus` (`PERF_PROMETHEUS_URL` +
 * `PERF_PROMETHEUS_QUERIES`). Returns none when neither is configured. Throws `ConfigError`
 * naming the variable when one is malformed.
 */
export function samplersFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: SamplersFromEnvOptions = {},
): ResourceSampler[] {
  assertResourceUrls(env);
  const e = readEnv(envSchema, env);
  const common = { intervalMs: e.PERF_SCRAPE_INTERVAL_MS, timeoutMs: e.PERF_SCRAPE_TIMEOUT_MS };
  const samplers: ResourceSampler[] = [];
  const metricsUrl = e.PERF_METRICS_URL ?? options.defaultMetricsUrl;
  if (metricsUrl) {
    const preset = PRESETS[e.PERF_METRICS_PRESET ?? 'process'];
    samplers.push(
      wrapConfig('PERF_METRICS_*', () =>
        createPrometheusTextSampler({
          url: metricsUrl,
          name: 'resources',
          cpuMetric: e.PERF_METRICS_CPU ?? preset.cpu,
          memoryMetric: e.PERF_METRICS_MEMORY ?? preset.memory,
          heapMetric: e.PERF_METRICS_HEAP,
          gauges: e.PERF_METRICS_GAUGES ? parseKeyValueList(e.PERF_METRICS_GAUGES, 'PERF_METRICS_GAUGES') : {},
          ...common,
        }),
      ),
    );
  }
  if (e.PERF_PROMETHEUS_URL || e.PERF_PROMETHEUS_QUERIES) {
    if (!e.PERF_PROMETHEUS_URL || !e.PERF_PROMETHEUS_QUERIES) {
      throw new ConfigError('PERF_PROMETHEUS_URL and PERF_PROMETHEUS_QUERIES must be set together');
    }
    const url = e.PERF_PROMETHEUS_URL;
    const queries = parseKeyValueList(e.PERF_PROMETHEUS_QUERIES, 'PERF_PROMETHEUS_QUERIES');
    samplers.push(
      wrapConfig('PERF_PROMETHEUS_*', () => createPrometheusQuerySampler({ url, name: 'prometheus', queries, ...common })),
    );
  }
  return samplers;
}

function wrapConfig<T>(vars: string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${vars}: ${err.message}`, { cause: err });
    throw err;
  }
}
