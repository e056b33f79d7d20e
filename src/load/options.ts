import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../http/body-limits.ts';
import { MAX_TIMEOUT_MS, prepareRequest, type PreparedRequest } from '../http/prepare.ts';
import { DEFAULT_MAX_EVENT_BYTES, MAX_BUFFER_BYTES } from '../http/sse.ts';
import type { RequestSpec } from '../http/types.ts';
import { latencyBoundsSchema, sloSchema } from '../slo/schema.ts';
import type { Slo, StepSlo } from '../slo/types.ts';
import { RateSchedule, steadyWindow } from './rate-schedule.ts';
import { arrivalsSchema, type Arrivals } from './arrivals.ts';
import type { Progress, RunLoadOptions, Sampler, Scenario } from './types.ts';
import { isJourneyMix, journeyMixSchema, resolveJourneys, type JourneyMix, type ResolvedJourneys } from './journeys.ts';
import { scheduleId } from '../shard/identity.ts';
import { parseTracestate, type TraceOptions } from '../http/trace.ts';
import type { ShardSpec } from '../shard/types.ts';

/**
 * Longest recorded run (stages summed), s: 7 days. Every timer of a run stays far below Node's
 * 2^31-1 ms limit (~24.8 days), past which a timer fires after 1 ms and a run would end at once.
 */
export const MAX_RUN_S = 604_800;
/** Longest warm-up, s. */
export const MAX_WARMUP_S = 600;
/** Longest think time of the closed model, ms (1 h). */
export const MAX_THINK_TIME_MS = 3_600_000;
/**
 * Highest rate one generator process is asked, per second (shards and workers multiply it). The
 * generator is measured valid up to 10,000/s and saturates near 35,000/s (60,000/s asked is
 * flagged invalid), docs/PERFORMANCE.md; 20,000/s keeps a margin below that ceiling on a loaded machine.
 */
export const MAX_RATE_PER_S = 20_000;
/** Lowest positive rate, per second (one iteration per 1000 s): below it a schedule holds no iteration. */
export const MIN_RATE_PER_S = 0.001;

const positive = z.number().finite().positive();
const nonNegative = z.number().finite().min(0);
const fn = <T>(what: string) => z.custom<T>((v) => typeof v === 'function', { message: `expected ${what}` });
const runS = (what: string) => z.number().finite().max(MAX_RUN_S, `${what} must be at most ${MAX_RUN_S} s (7 days)`);

const stageSchema = z.strictObject({ durationS: runS('a stage').positive(), target: nonNegative });

/** Zod schema of a {@link RequestSpec} (`scenario`, or what a scenario module returns). */
export const requestSpecSchema = z.looseObject({
  name: z.string().min(1).optional(),
  method: z.string().regex(/^[A-Za-z]+$/, 'expected an HTTP method').optional(),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
  multipart: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        value: z.union([z.string(), z.instanceof(Uint8Array)]),
        filename: z.string().optional(),
        contentType: z.string().optional(),
      }),
    )
    .optional(),
  sse: z.boolean().optional(),
  timeoutMs: positive.max(MAX_TIMEOUT_MS).optional(),
  expectStatus: z.array(z.number().int().min(100).max(599)).optional(),
  check: fn('a function').optional(),
  checkEvent: fn('a function').optional(),
  isFinalEvent: fn('a function').optional(),
  captureBody: z.boolean().optional(),
  captureEvents: z.boolean().optional(),
  measure: z.boolean().optional(),
});

const modelSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('arrival-rate'),
    startRate: nonNegative.optional(),
    stages: z
      .array(stageSchema)
      .min(1, 'expected at least one stage')
      .refine((st) => st.reduce((sum, x) => sum + x.durationS, 0) <= MAX_RUN_S, `the stages must last at most ${MAX_RUN_S} s (7 days) in all`),
  }),
  z.strictObject({
    type: z.literal('concurrency'),
    vus: z.number().int().positive(),
    durationS: runS('durationS').positive(),
    rampS: runS('rampS').min(0).optional(),
    thinkTimeMs: nonNegative.max(MAX_THINK_TIME_MS).optional(),
  }),
]);

/** Zod schema of {@link RunLoadOptions}. */
export const runLoadOptionsSchema = z.strictObject({
  name: z.string().min(1).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  scenario: z.union([fn<Scenario>('a scenario function, a request spec or a journey mix'), requestSpecSchema, journeyMixSchema]),
  model: modelSchema,
  arrivals: arrivalsSchema.optional(),
  connections: z.number().int().positive().max(100_000).optional(),
  maxInFlight: z.number().int().positive().max(1_000_000).optional(),
  timeoutMs: positive.max(MAX_TIMEOUT_MS).optional(),
  maxEventBytes: z.number().int().min(1).max(MAX_BUFFER_BYTES).optional(),
  maxBodyBytes: z.number().int().min(1).max(MAX_BUFFER_BYTES).optional(),
  warmupS: nonNegative.max(MAX_WARMUP_S).optional(),
  maxWarmupS: nonNegative.max(2 * MAX_WARMUP_S).optional(),
  judge: z.enum(['steady', 'all']).optional(),
  abortOnFail: z
    .union([
      z.literal(false),
      z.strictObject({
        errorRate: z.number().finite().min(0).max(1).optional(),
        windowS: z.number().int().positive().max(3600).optional(),
        minRequests: z.number().int().min(1).optional(),
      }),
    ])
    .optional(),
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal, { message: 'expected an AbortSignal' }).optional(),
  slo: sloSchema.optional(),
  stepSlo: z
    .record(z.string().min(1), z.strictObject({ latencyMs: latencyBoundsSchema.optional(), errorRate: z.number().finite().gt(0).max(1).optional() }))
    .optional(),
  onProgress: fn<(p: Progress) => void>('a function').optional(),
  samplers: z
    .array(z.custom<Sampler>((v) => typeof v === 'object' && v !== null && typeof (v as Sampler).sample === 'function', { message: 'expected a Sampler' }))
    .optional(),
  trace: z
    .union([z.literal(false), z.strictObject({ sampled: z.boolean().optional(), tracestate: z.string().min(1).max(512).optional() })])
    .optional(),
  maxDispatchLagMs: positive.optional(),
  maxLateRatio: z.number().finite().min(0).max(1).optional(),
  drainMs: nonNegative.max(600_000).optional(),
  shard: z
    .strictObject({ index: z.number().int().min(0), count: z.number().int().min(1).max(1000) })
    .refine((v) => v.index < v.count, 'shard.index must be below shard.count')
    .optional(),
  startAt: z.number().finite().positive().optional(),
  workers: z.number().int().min(1).max(64).optional(),
  maxRatePerS: positive.max(1_000_000).optional(),
});

export type ResolvedModel =
  | { type: 'arrival-rate'; schedule: RateSchedule; warmupRate: number; arrivals: Arrivals }
  | { type: 'concurrency'; vus: number; durationS: number; rampS: number; thinkTimeMs: number; warmupVus: number };

/** Options after validation, with every default resolved. */
export interface ResolvedOptions {
  name: string;
  baseUrl: string | undefined;
  /** `journeys`: a journey mix, each user running the journey it draws (`fn` is the first's). */
  scenario: { kind: 'static'; request: PreparedRequest } | { kind: 'flow'; fn: Scenario; journeys?: ResolvedJourneys };
  model: ResolvedModel;
  /** Recorded duration, s. */
  durationS: number;
  /** Peak iterations per second (open model) or users (closed model). */
  peak: number;
  connections: number;
  maxInFlight: number;
  timeoutMs: number;
  maxEventBytes: number;
  maxBodyBytes: number;
  /** W3C trace context on every request, or `false`. */
  trace: TraceOptions | false;
  warmupS: number;
  /** Longest warm-up, s (arrival rate: the warm-up ends earlier once the generator settled). */
  maxWarmupS: number;
  window: { kind: 'steady' | 'all'; fromS: number; toS: number };
  abortOnFail: { errorRate: number; windowS: number; minRequests: number } | null;
  signal: AbortSignal | undefined;
  slo: Slo | undefined;
  stepSlo: Record<string, StepSlo> | undefined;
  onProgress: ((p: Progress) => void) | undefined;
  samplers: Sampler[];
  maxDispatchLagMs: number;
  maxLateRatio: number;
  drainMs: number;
  /** Shard of the global schedule; undefined: the whole of it. */
  shard: ShardSpec | undefined;
  /** Epoch ms at which recording starts (`startAt`). */
  startAtMs: number | undefined;
  /** Identity of the global schedule (model, judged window, warm-up), for `summary.shard`. */
  scheduleId: string;
  /** What is loaded, for `summary.shard`: `METHOD URL`, or `flow NAME`. */
  target: string;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Every rate of an open model is 0 or from {@link MIN_RATE_PER_S} to `maxPerS` per generator
 * process × `processes` (shards or workers). Throws `ConfigError` naming the first rate that is not.
 */
function checkRates(model: { startRate?: number | undefined; stages: readonly { target: number }[] }, maxPerS: number, processes: number): void {
  const max = maxPerS * processes;
  const rates: [string, number | undefined][] = [['model.startRate', model.startRate], ...model.stages.map((st, i): [string, number] => [`model.stages[${i}].target`, st.target])];
  for (const [name, rate] of rates) {
    if (rate === undefined || rate === 0) continue;
    if (rate < MIN_RATE_PER_S) {
      throw new ConfigError(`invalid runLoad options: ${name}: expected 0 or at least ${MIN_RATE_PER_S}/s (one iteration per 1000 s), got ${rate}`);
    }
    if (rate > max) {
      const per = processes > 1 ? ` (${maxPerS}/s per generator process × ${processes})` : ' (the most one generator process sends reliably, docs/PERFORMANCE.md; split it with workers or shards)';
      throw new ConfigError(`invalid runLoad options: ${name}: expected at most ${max}/s${per}, got ${rate}`);
    }
  }
}

/** Validates and resolves run options once. Throws `ConfigError` naming each bad option. */
export function resolveOptions(input: RunLoadOptions): ResolvedOptions {
  const parsed = runLoadOptionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(`invalid runLoad options:\n${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  const o = parsed.data;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const name = o.name ?? 'run';
  const warmupS = o.warmupS ?? 1;
  const maxWarmupS = o.maxWarmupS ?? 2 * warmupS;
  if (maxWarmupS < warmupS) {
    throw new ConfigError(`invalid runLoad options: maxWarmupS (${maxWarmupS} s) must be at least warmupS (${warmupS} s)`);
  }
  let model: ResolvedModel;
  let durationS: number;
  let peak: number;
  let window: ResolvedOptions['window'];
  const judge = o.judge ?? 'steady';
  if (o.model.type === 'arrival-rate') {
    checkRates(o.model, o.maxRatePerS ?? MAX_RATE_PER_S, Math.max(o.shard?.count ?? 1, o.workers ?? 1));
    const startRate = o.model.startRate ?? 0;
    const schedule = new RateSchedule(startRate, o.model.stages);
    if (schedule.total === 0) throw new ConfigError('invalid runLoad options: model.stages schedule no iteration (every rate is 0, or the stages are too short for one)');
    durationS = schedule.durationS;
    peak = schedule.peakRate;
    model = { type: 'arrival-rate', schedule, warmupRate: startRate > 0 ? startRate : Math.max(1, peak * 0.1), arrivals: (o.arrivals as Arrivals | undefined) ?? { kind: 'constant' } };
    const steady = judge === 'steady' ? steadyWindow(startRate, o.model.stages) : undefined;
    window = steady ? { kind: 'steady', ...steady } : { kind: 'all', fromS: 0, toS: durationS };
  } else {
    if (o.arrivals !== undefined && o.arrivals.kind !== 'constant') {
      throw new ConfigError(`invalid runLoad options: arrivals: ${o.arrivals.kind} arrivals need the arrival-rate model (virtual users arrive as their iterations end)`);
    }
    const rampS = Math.min(o.model.rampS ?? 0, o.model.durationS);
    durationS = o.model.durationS;
    peak = o.model.vus;
    model = {
      type: 'concurrency',
      vus: o.model.vus,
      durationS,
      rampS,
      thinkTimeMs: o.model.thinkTimeMs ?? 0,
      warmupVus: Math.max(1, Math.ceil(o.model.vus * 0.1)),
    };
    window = judge === 'steady' && rampS > 0 && rampS < durationS ? { kind: 'steady', fromS: rampS, toS: durationS } : { kind: 'all', fromS: 0, toS: durationS };
  }
  const maxInFlight =
    o.maxInFlight ??
    (model.type === 'arrival-rate'
      ? Math.round(clamp((peak * timeoutMs) / 1000, 64, 10_000))
      : clamp(peak + (warmupS > 0 ? model.warmupVus : 0), 64, 10_000));
  let scenario: ResolvedOptions['scenario'];
  if (typeof o.scenario === 'function') {
    scenario = { kind: 'flow', fn: o.scenario };
  } else if (isJourneyMix(o.scenario)) {
    const journeys = resolveJourneys(o.scenario as JourneyMix);
    scenario = { kind: 'flow', fn: journeys.runs[0]!, journeys };
  } else {
    scenario = { kind: 'static', request: prepareRequest(o.scenario as RequestSpec, o.baseUrl, timeoutMs) };
  }
  if (o.trace !== undefined && o.trace !== false && o.trace.tracestate !== undefined) parseTracestate(o.trace.tracestate, 'invalid runLoad options: trace.tracestate');
  const aof = o.abortOnFail;
  const shard = o.shard !== undefined && o.shard.count > 1 ? o.shard : undefined;
  if (shard !== undefined && o.startAt === undefined) {
    throw new ConfigError(`invalid runLoad options: shard ${shard.index}/${shard.count} needs startAt, the instant every shard starts recording`);
  }
  if (shard !== undefined && o.arrivals !== undefined && o.arrivals.kind !== 'constant' && o.arrivals.seed === undefined) {
    throw new ConfigError(`invalid runLoad options: shard ${shard.index}/${shard.count} with ${o.arrivals.kind} arrivals needs arrivals.seed (--seed), the same in every shard`);
  }
  if (model.type === 'concurrency' && shard !== undefined && shard.index >= model.vus) {
    throw new ConfigError(`invalid runLoad options: shard ${shard.index}/${shard.count} gets no user of ${model.vus} (model.vus must be at least shard.count)`);
  }
  const target = scenario.kind === 'static'
    ? `${String(scenario.request.opts.method)} ${scenario.request.origin}${scenario.request.opts.path}`
    : `flow ${name}${o.baseUrl ? ` @ ${o.baseUrl}` : ''}`;
  return {
    name,
    baseUrl: o.baseUrl,
    scenario,
    model,
    durationS,
    peak,
    connections: o.connections ?? Math.min(maxInFlight, 512),
    maxInFlight,
    timeoutMs,
    maxEventBytes: o.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    maxBodyBytes: o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    trace: o.trace === false ? false : { ...(o.trace ?? {}) },
    warmupS,
    maxWarmupS,
    window,
    abortOnFail: aof === undefined || aof === false ? null : { errorRate: aof.errorRate ?? 0.5, windowS: aof.windowS ?? 10, minRequests: aof.minRequests ?? 50 },
    signal: o.signal,
    slo: o.slo as Slo | undefined,
    stepSlo: o.stepSlo as Record<string, StepSlo> | undefined,
    onProgress: o.onProgress,
    samplers: o.samplers ?? [],
    maxDispatchLagMs: o.maxDispatchLagMs ?? 10,
    maxLateRatio: o.maxLateRatio ?? 0.01,
    drainMs: o.drainMs ?? Math.min(timeoutMs, 60_000),
    shard,
    startAtMs: o.startAt,
    scheduleId: scheduleId({ model: o.model, judge, warmupS, maxWarmupS, ...(o.arrivals && o.arrivals.kind !== 'constant' ? { arrivals: o.arrivals } : {}) }),
    target,
  };
}
