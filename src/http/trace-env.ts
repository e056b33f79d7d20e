import { z } from 'zod';
import { envBoolean, readEnv } from '../core/env.ts';
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
