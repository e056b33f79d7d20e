import { z } from 'zod';
import { envBoolean, readEnv } from '../core/env.ts';
import { ConfigError } from '../core/errors.ts';
import { parseTracestate, type TraceOptions } from './trace.ts';

const traceEnvSchema = z.object({
  PERF_TRACE: envBoolean().optional(),
  PERF_TRACE_SAMPLED: envBoolean().optional(),
  PERF_TRACESTATE: z.string().max(512, 'expected at most 512 characters').optional(),
});

/**
 * The run's W3C trace context from the environment: on unless `PERF_TRACE=0`, sampled with
 * `PERF_TRACE_SAMPLED=1`, `PERF_TRACESTATE` sent as given. Throws `ConfigError` naming the variable.
 */
export function traceFromEnv(env: NodeJS.ProcessEnv = process.env): TraceOptions | false {
  const e = readEnv(traceEnvSchema, env);
  if (e.PERF_TRACE === false) return false;
  if (e.PERF_TRACESTATE !== undefined) parseTracestate(e.PERF_TRACESTATE, 'PERF_TRACESTATE');
  return {
    ...(e.PERF_TRACE_SAMPLED === true ? { sampled: true } : {}),
    ...(e.PERF_TRACESTATE !== undefined ? { tracestate: e.PERF_TRACESTATE } : {}),
  };
}

/**
 * `PERF_TRACE_URL`: where a trace id opens (`https://grafana.example/explore?traceId={traceId}`),
 * making every exemplar in the reports a link; undefined when unset. Throws `ConfigError` naming
 * the variable for a value that is not an http(s) URL holding `{traceId}`, or that carries
 * credentials (they would be written into every report).
 */
export function traceUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.PERF_TRACE_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw.split('{traceId}').join('0'));
  } catch (cause) {
    throw new ConfigError('PERF_TRACE_URL: expected an absolute http(s) URL with {traceId} where the trace id goes (value not shown)', { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`PERF_TRACE_URL: expected an http or https URL, got protocol "${url.protocol}"`);
  if (url.username || url.password) throw new ConfigError('PERF_TRACE_URL: holds credentials, which every report link would show; give a URL without them (value not shown)');
  if (!raw.includes('{traceId}')) throw new ConfigError(`PERF_TRACE_URL: expected {traceId} where the trace id goes, e.g. https://grafana.example/explore?traceId={traceId} (got "${raw.slice(0, 120)}")`);
  return raw;
}
