import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import type { RequestSpec } from '../http/types.ts';
import type { RunLoad, Sampler, Scenario } from '../load/types.ts';
import type { ResourceSampler } from '../resources/poller.ts';
import { summarizeReadings } from '../resources/readings.ts';
import { pruneUnmeasurable, samplesNeeded } from '../slo/measurable.ts';
import { sloSchema } from '../slo/schema.ts';
import type { Slo } from '../slo/types.ts';
import { DEFAULT_GOODPUT_RATIO, judgeStep } from './judge.ts';
import type { Lang } from '../report/messages.ts';
import { ct } from './messages.ts';
import { capacityObservations } from './observations.ts';
import { Prober } from './probe.ts';
import { degradationRate, searchCapacity } from './search.ts';
import type { CapacityResult, CapacityStep } from './types.ts';
import { measureUnloaded, unloadedPlan, type UnloadedOptions, type UnloadedPlan } from './unloaded.ts';
import { decideUnmeasured } from './unmeasured.ts';
import { capacityVerdict } from './verdict.ts';
import { parseConfig } from '../core/validate.ts';
import { arrivalsSchema, arrivalsSummary, withSeed, type Arrivals } from '../load/arrivals.ts';

const positive = z.number().finite().positive();

/** Samples a step aims for per sample a percentile needs: failed requests and the edges of the hold eat some. */
const SAMPLE_MARGIN = 1.25;

/** Search settings, validated once (`capacitySearchSchema`). */
export const capacitySearchSchema = z.object({
  /** First rate, iterations/s. */
  startRps: positive,
  /** Added after each passing step. */
  stepRps: positive,
  /** Highest rate tried. */
  maxRps: positive,
  /**
   * Judged hold of each step, s, rounded up to whole seconds; at least 4 × the unloaded latency, and
   * long enough at the step's rate for every percentile the SLO bounds (up to `maxStepDurationS`). @default 5
   */
  stepDurationS: positive.max(3600).default(5),
  /**
   * Longest a step is held to collect the samples its SLO's percentiles need (100 for a p99 bound,
   * with a 25% margin); a bound that still cannot be measured at a rate (`skippedBounds`) is
   * decided there from what was measured: a lower percentile at or above it fails the step, a max
   * under it passes it, anything else leaves the step not stable. @default 60
   */
  maxStepDurationS: positive.max(3600).default(60),
  /** Lowest rate tried when the start rate fails (the search halves the rate down to it). @default 1 */
  minRps: positive.default(1),
  /** Unrecorded ramp into each step (from half its rate), s, rounded up to whole seconds. @default 1 */
  rampS: z.number().finite().min(0).max(600).default(1),
  /** Longest wait for requests still in flight at the end of a step, s. @default min(timeout, 10) */
  drainS: z.number().finite().min(0).max(600).optional(),
  /** Pause between steps so queues drain, s. @default 1 */
  settleS: z.number().finite().min(0).max(600).default(1),
  /** Degradation factor: p95 above k × the unloaded p95. @default 3 */
  k: z.number().finite().gt(1).default(3),
  /** Smallest p95 growth over unloaded counted as degradation, ms (timer and scheduling noise of fast endpoints). @default 10 */
  degradationFloorMs: z.number().finite().min(0).default(10),
  /** @default 0.01 */
  maxErrorRate: z.number().finite().min(0).max(1).default(0.01),
  /** @default 0.95 */
  minRateRatio: z.number().finite().min(0).max(1).default(0.95),
  /** @default 0.02 */
  resolutionRatio: z.number().finite().min(0).max(1).default(0.02),
  /** @default 1 */
  minResolutionRps: positive.default(1),
  /** @default 6 */
  maxRefineSteps: z.number().int().min(0).max(20).default(6),
  /** Re-runs of a step whose generator fell behind before the search stops. @default 1 */
  generatorRetries: z.number().int().min(0).max(5).default(1),
  /**
   * Passed to each step's run: p99 dispatch lag above which the generator is judged overloaded.
   * @default 10% of the SLO's tightest latency/TTFT bound, between 10 and 100 ms (the engine's 10 without one)
   */
  maxDispatchLagMs: positive.optional(),
  /**
   * Passed to each step's run: share of late iterations allowed.
   * @default 1%, or 3 iterations of a short step (the suite's rule: at 3/s × 42 s, 2 late iterations are noise, not an overloaded generator)
   */
  maxLateRatio: z.number().finite().min(0).max(1).optional(),
  /**
   * What the search maximises: `rate`, the highest rate that meets the whole SLO; `goodput`, the
   * highest rate whose goodput ratio (iterations within every per-request bound of `slo.goodput` at
   * once) stays at `slo.goodput.minRatio` (0.9 when unset), as DistServe defines goodput. @default 'rate'
   */
  maximize: z.enum(['rate', 'goodput']).default('rate'),
  /**
   * Passed to each step's run: how iterations arrive (`--arrivals`). Random arrivals keep one seed
   * over every step (picked once when none is given), so each step draws the same sequence.
   * @default { kind: 'constant' }
   */
  arrivals: arrivalsSchema.optional(),
  /** Percent from which CPU/memory counts as saturated in the observations. @default 80 */
  saturationPercent: positive.max(100).default(80),
});
export type CapacitySearchSettings = z.input<typeof capacitySearchSchema>;

export interface CapacityOptions extends CapacitySearchSettings {
  /** Endpoint id, used as the report key. */
  name: string;
  /** `METHOD /path` or the URL, for messages. @default name */
  route?: string;
  baseUrl?: string;
  scenario: RequestSpec | Scenario;
  /** The SLO each step must meet (on top of errors < 1%, rate ≥ 95%, generator valid). */
  slo: Slo;
  connections?: number;
  /** @default 30000 */
  timeoutMs?: number;
  /** The engine's `runLoad`. */
  runLoad: RunLoad;
  /** Target resource samplers; resource samplers keep running across steps. */
  samplers?: Sampler[];
  unloaded?: UnloadedOptions;
  signal?: AbortSignal;
  /** Language of the verdict, observations and notes (the run's `PERF_REPORT_LANG`). @default 'en' */
  lang?: Lang;
  /** Called after each step (progress output). */
  onStep?: (step: CapacityStep) => void;
  /** Called before the unloaded latency is measured, with what that may send (at most `maxRps` iterations a second). */
  onUnloadedStart?: (plan: UnloadedPlan) => void;
  /** Called with the unloaded latency before the search. */
  onUnloaded?: (u: { p50Ms: number; p95Ms: number; samples: number }) => void;
}

/** Dispatch lag that cannot distort a verdict: a tenth of the tightest latency bound, 10-100 ms. */
export function dispatchLagFor(slo: Slo): number | undefined {
  const bounds = [...Object.values(slo.latencyMs ?? {}), ...Object.values(slo.ttftMs ?? {})].filter((v): v is number => typeof v === 'number');
  if (bounds.length === 0) return undefined;
  return Math.min(100, Math.max(10, Math.round(0.1 * Math.min(...bounds))));
}

function isResourceSampler(s: Sampler): s is ResourceSampler {
  return typeof (s as ResourceSampler).borrow === 'function' && typeof (s as ResourceSampler).summary === 'function';
}

/**
 * Finds an endpoint's maximum stable rate and degradation threshold: measures the unloaded
 * latency (sequential, bounded in count and at most `maxRps` a second), then steps the arrival rate up and bisects (see docs/CAPACITY.md).
 * Throws `TargetUnreachableError` when the target does not answer before the search, `ConfigError`
 * on bad settings; the search itself never throws on target failures.
 */
export async function runCapacity(options: CapacityOptions): Promise<CapacityResult> {
  const s = parseConfig(capacitySearchSchema, options, 'capacity search settings');
  parseConfig(sloSchema, options.slo, 'capacity SLO');
  if (s.maxRps < s.startRps) throw new ConfigError(`capacity search: maxRps (${s.maxRps}) is below startRps (${s.startRps})`);
  if (s.maximize === 'goodput' && options.slo.goodput === undefined) {
    throw new ConfigError('capacity search: maximize goodput needs goodput bounds in the SLO, e.g. --slo \'goodput(ttft<1000,tpot<50)>0.9\'');
  }
  const route = options.route ?? options.name;
  const maxDispatchLagMs = s.maxDispatchLagMs ?? dispatchLagFor(options.slo);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = Date.now();
  const lang = options.lang ?? 'en';

  const prober = new Prober(options.scenario, options.baseUrl, timeoutMs);
  let unloaded;
  try {
    const unloadedOptions = { ...options.unloaded, maxRatePerS: Math.min(options.unloaded?.maxRatePerS ?? Infinity, s.maxRps), signal: options.signal };
    options.onUnloadedStart?.(unloadedPlan(unloadedOptions));
    unloaded = await measureUnloaded(prober, route, unloadedOptions);
  } finally {
    await prober.close();
  }
  options.onUnloaded?.(unloaded);
  const notes: string[] = [];
  if (unloaded.failures > 0) {
    notes.push(ct(lang, 'cap_n_unloaded_failed', { failed: unloaded.failures, total: unloaded.failures + unloaded.samples, error: unloaded.firstError ?? '' }));
  }

  const samplers = options.samplers ?? [];
  const resourceSamplers = samplers.filter(isResourceSampler);
  for (const rs of resourceSamplers) await rs.start();

  const lagS = unloaded.p50Ms / 1000;
  // Whole seconds: the timeline the steps are judged on has one-second resolution.
  const rampS = Math.ceil(s.rampS - 1e-9);
  const baseHoldS = Math.max(Math.ceil(s.stepDurationS - 1e-9), Math.ceil(4 * lagS - 1e-9));
  if (baseHoldS > Math.ceil(s.stepDurationS - 1e-9)) {
    notes.push(ct(lang, 'cap_n_hold_lag', { hold: baseHoldS, asked: s.stepDurationS, lag: lagS.toFixed(1) }));
  }
  const needed = samplesNeeded(options.slo);
  const maxHoldS = Math.max(baseHoldS, Math.ceil(s.maxStepDurationS - 1e-9));
  const skippedAt = new Map<string, number>();
  /** The hold and the SLO judged at a rate: held until the SLO's percentiles have their samples, up to the cap. */
  const planStep = (targetRps: number): { holdS: number; slo: Slo; skipped: string[] } => {
    const holdS = Math.min(maxHoldS, Math.max(baseHoldS, Math.ceil((SAMPLE_MARGIN * needed) / targetRps - 1e-9)));
    const { slo, skipped } = pruneUnmeasurable(options.slo, Math.floor(targetRps * holdS / SAMPLE_MARGIN));
    for (const b of skipped) skippedAt.set(b, Math.max(skippedAt.get(b) ?? 0, targetRps));
    return { holdS, slo, skipped };
  };
  const arrivals = s.arrivals === undefined ? undefined : withSeed(s.arrivals as Arrivals);
  const runStep = async (targetRps: number, phase: CapacityStep['phase']): Promise<CapacityStep> => {
    const { holdS, slo, skipped } = planStep(targetRps);
    const stages = rampS > 0
      ? [{ durationS: rampS, target: targetRps }, { durationS: holdS, target: targetRps }]
      : [{ durationS: holdS, target: targetRps }];
    const summary = await options.runLoad({
      name: `${options.name} @ ${targetRps}/s`,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      scenario: options.scenario,
      model: { type: 'arrival-rate', startRate: rampS > 0 ? targetRps / 2 : targetRps, stages },
      ...(arrivals !== undefined ? { arrivals } : {}),
      ...(options.connections ? { connections: options.connections } : {}),
      timeoutMs,
      drainMs: (s.drainS ?? Math.min(timeoutMs / 1000, 10)) * 1000,
      warmupS: 0,
      judge: 'steady',
      abortOnFail: false,
      ...(maxDispatchLagMs !== undefined ? { maxDispatchLagMs } : {}),
      maxLateRatio: s.maxLateRatio ?? Math.max(0.01, 3 / Math.max(1, targetRps * holdS)),
      slo,
      samplers: samplers.map((x) => (isResourceSampler(x) ? x.borrow() : x)),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const step = judgeStep(summary, targetRps, slo, s, phase, lang, s.maximize);
    step.holdS = holdS;
    if (skipped.length > 0) {
      step.skippedBounds = skipped;
      // A bound not measured passes only when what was measured decides it (maximising goodput judges the goodput ratio alone).
      if (!(s.maximize === 'goodput' && options.slo.goodput !== undefined)) {
        const open = decideUnmeasured(summary, options.slo, skipped, lang).flatMap((d) => (d.outcome === 'pass' ? [] : [d.text]));
        step.failures.push(...open);
        if (open.length > 0) step.passed = false;
      }
    }
    options.onStep?.(step);
    if (s.settleS > 0 && !options.signal?.aborted) {
      await sleep(s.settleS * 1000, undefined, { signal: options.signal }).catch(() => undefined);
    }
    return step;
  };

  let outcome;
  try {
    outcome = await searchCapacity(s, runStep, () => options.signal?.aborted === true);
  } finally {
    for (const rs of resourceSamplers) await rs.stop();
  }

  for (const [bound, rps] of skippedAt) {
    notes.push(ct(lang, 'cap_n_skipped', { bound, rps, hold: maxHoldS }));
  }
  const searchStartMs = started;
  const resources = Object.assign({}, ...resourceSamplers.map((rs) => summarizeReadings(rs.readings(), searchStartMs))) as CapacityResult['resources'];
  for (const rs of resourceSamplers) notes.push(...rs.notes());
  const degradationP95Ms = Math.max(s.k * unloaded.p95Ms, unloaded.p95Ms + s.degradationFloorMs);
  const degradationRps = degradationRate(outcome.steps, degradationP95Ms);
  const judged = outcome.steps.filter((x) => x.generatorValid);
  if (degradationRps === null && judged.length > 0) {
    const top = Math.max(...judged.map((x) => x.targetRps));
    notes.push(ct(lang, 'cap_n_no_degradation', { bound: degradationP95Ms.toFixed(1), k: s.k, floor: s.degradationFloorMs, rps: top }));
  }
  const observations = capacityObservations({
    steps: outcome.steps,
    unloadedP95Ms: unloaded.p95Ms,
    maxStableRps: outcome.maxStableRps,
    ...(resources && Object.keys(resources).length > 0 ? { resources } : {}),
    saturationPercent: s.saturationPercent,
    lang,
  });
  const result: CapacityResult = {
    endpoint: options.name,
    route,
    steps: outcome.steps,
    maxStableRps: outcome.maxStableRps,
    degradationRps,
    unloadedP50Ms: unloaded.p50Ms,
    unloadedP95Ms: unloaded.p95Ms,
    unloadedSamples: unloaded.samples,
    k: s.k,
    degradationP95Ms,
    stoppedBy: outcome.stoppedBy,
    verdict: '',
    observations,
    notes,
    startedAt: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
  };
  if (resources && Object.keys(resources).length > 0) result.resources = resources;
  if (arrivals !== undefined) result.arrivals = arrivalsSummary(arrivals);
  if (s.maximize === 'goodput') {
    result.maximize = 'goodput';
    const good = outcome.steps.filter((x) => x.generatorValid && x.goodputRps !== undefined).map((x) => x.goodputRps!);
    result.maxGoodputRps = good.length > 0 ? Math.max(...good) : null;
    const g = options.slo.goodput!;
    const bounds = [g.ttftMs !== undefined ? `ttft < ${g.ttftMs} ms` : '', g.tpotMs !== undefined ? `tpot < ${g.tpotMs} ms` : '', g.latencyMs !== undefined ? `latency < ${g.latencyMs} ms` : '']
      .filter((b) => b !== '')
      .join(', ');
    notes.push(ct(lang, 'cap_n_goodput', { pct: Math.round((g.minRatio ?? DEFAULT_GOODPUT_RATIO) * 100), bounds, best: result.maxGoodputRps === null ? 'n/a' : String(result.maxGoodputRps) }));
  }
  result.verdict = capacityVerdict(result, outcome.firstBadRps, s.maxRps, s.minRps, lang);
  return result;
}
