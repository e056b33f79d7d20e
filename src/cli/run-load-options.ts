import type { RequestSpec } from '../http/types.ts';
import type { RunLoadOptions } from '../load/types.ts';
import type { RunCommandOptions } from './run-options.ts';
import { traceFromEnv } from '../http/trace-env.ts';
import type { TraceOptions } from '../http/trace.ts';

/** The `runLoad` options of a `perf run`: a linear ramp 0 → rate over `rampS`, then a hold of `durationS`. */
export function toRunLoadOptions(o: RunCommandOptions, extra: Pick<RunLoadOptions, 'signal' | 'onProgress'> = {}, env: NodeJS.ProcessEnv = process.env): RunLoadOptions {
  const scenario: RequestSpec = { name: o.name, method: o.method, url: o.url.href, headers: o.headers, sse: o.sse };
  if (o.body !== undefined) scenario.body = o.body;
  if (o.contentField !== undefined) scenario.contentField = o.contentField;
  if (o.streamFormat !== undefined) scenario.streamFormat = o.streamFormat;
  const stages = o.rampS > 0
    ? [{ durationS: o.rampS, target: o.ratePerS }, { durationS: o.durationS, target: o.ratePerS }]
    : [{ durationS: o.durationS, target: o.ratePerS }];
  const opts: RunLoadOptions = {
    name: o.name,
    scenario,
    model: { type: 'arrival-rate', startRate: o.rampS > 0 ? 0 : o.ratePerS, stages },
    timeoutMs: o.timeoutS * 1000,
    judge: 'steady',
    ...extra,
  };
  if (o.warmupS !== undefined) opts.warmupS = o.warmupS;
  if (o.connections !== undefined) opts.connections = o.connections;
  if (o.maxInFlight !== undefined) opts.maxInFlight = o.maxInFlight;
  if (o.slo !== undefined) opts.slo = o.slo;
  if (o.maxEventBytes !== undefined) opts.maxEventBytes = o.maxEventBytes;
  if (o.maxDispatchLagMs !== undefined) opts.maxDispatchLagMs = o.maxDispatchLagMs;
  if (o.maxLateRatio !== undefined) opts.maxLateRatio = o.maxLateRatio;
  if (o.shard !== undefined) opts.shard = o.shard;
  if (o.startAtMs !== undefined) opts.startAt = o.startAtMs;
  if (o.workers !== undefined) opts.workers = o.workers;
  if (o.arrivals !== undefined) opts.arrivals = o.arrivals;
  opts.trace = runTrace(o.traceFlags ?? {}, env);
  return opts;
}

/** The flags win over `PERF_TRACE`, `PERF_TRACE_SAMPLED`, `PERF_TRACESTATE`, one by one. */
function runTrace(flags: NonNullable<RunCommandOptions['traceFlags']>, env: NodeJS.ProcessEnv): TraceOptions | false {
  const fromEnv = traceFromEnv(env);
  if (flags.on === false || (flags.on === undefined && fromEnv === false)) return false;
  const base = fromEnv === false ? {} : fromEnv;
  const sampled = flags.sampled ?? base.sampled;
  const tracestate = flags.tracestate ?? base.tracestate;
  return { ...(sampled === true ? { sampled } : {}), ...(tracestate !== undefined ? { tracestate } : {}) };
}
