import { resolveOptions, type ResolvedOptions } from './options.ts';
import { RateSchedule } from './rate-schedule.ts';
import type { RunLoadOptions } from './types.ts';

/**
 * The open model's warm-up schedule: a ramp from 0 to the warm-up rate over half of `warmupS`,
 * then the rate held until recording starts (at `warmupS` once the generator settled, at
 * `maxWarmupS` at the latest; the hold outlasts that by 1 s). Used by the run and by the plan.
 */
export function openWarmupSchedule(o: Pick<ResolvedOptions, 'warmupS' | 'maxWarmupS'>, rate: number): RateSchedule {
  const rampS = o.warmupS / 2;
  return new RateSchedule(0, [{ durationS: rampS, target: rate }, { durationS: o.maxWarmupS - rampS + 1, target: rate }]);
}

/** One stage of the planned load: the rate moves linearly from `fromRate` to `toRate`. */
export interface PlannedStage {
  durationS: number;
  fromRate: number;
  toRate: number;
  /** Iterations the schedule starts in the stage. */
  iterations: number;
}

/** The load a run will send, known before it starts (open model; a closed model's count depends on the target). */
export interface LoadPlan {
  model: 'arrival-rate' | 'concurrency';
  /**
   * The unrecorded warm-up: it lasts from `durationS` (the generator settled at once) to
   * `maxDurationS`, ramping to `ratePerS` then holding it; iterations are undefined for a closed model.
   */
  warmup: { durationS: number; maxDurationS: number; ratePerS: number; iterations: number | undefined; maxIterations: number | undefined };
  /** The recorded stages (empty for a closed model). */
  stages: PlannedStage[];
  /** Warm-up plus recorded time, s (shortest and longest warm-up). */
  durationS: number;
  maxDurationS: number;
  /** Warm-up plus recorded iterations (shortest and longest warm-up); undefined for a closed model. */
  totalIterations: number | undefined;
  maxTotalIterations: number | undefined;
}

/** Validates `options` like `runLoad` (throws the same `ConfigError`) and returns the load it will send. */
export function planLoad(options: RunLoadOptions): LoadPlan {
  const o = resolveOptions(options);
  const m = o.model;
  if (m.type === 'concurrency') {
    const d = o.warmupS + o.durationS;
    const warmup = { durationS: o.warmupS, maxDurationS: o.warmupS, ratePerS: 0, iterations: undefined, maxIterations: undefined };
    return { model: m.type, warmup, stages: [], durationS: d, maxDurationS: d, totalIterations: undefined, maxTotalIterations: undefined };
  }
  const on = o.warmupS > 0;
  const warm = on ? openWarmupSchedule(o, m.warmupRate) : undefined;
  const warmupIterations = warm ? warm.countBefore(o.warmupS) : 0;
  const maxWarmupIterations = warm ? warm.countBefore(o.maxWarmupS) : 0;
  const maxWarmupS = on ? o.maxWarmupS : 0;
  const stages: PlannedStage[] = [];
  const model = options.model.type === 'arrival-rate' ? options.model : undefined;
  let t = 0;
  let prev = model?.startRate ?? 0;
  for (const s of model?.stages ?? []) {
    stages.push({ durationS: s.durationS, fromRate: prev, toRate: s.target, iterations: m.schedule.countBefore(t + s.durationS) - m.schedule.countBefore(t) });
    t += s.durationS;
    prev = s.target;
  }
  return {
    model: m.type,
    warmup: { durationS: o.warmupS, maxDurationS: maxWarmupS, ratePerS: on ? m.warmupRate : 0, iterations: warmupIterations, maxIterations: maxWarmupIterations },
    stages,
    durationS: o.warmupS + o.durationS,
    maxDurationS: maxWarmupS + o.durationS,
    totalIterations: warmupIterations + m.schedule.total,
    maxTotalIterations: maxWarmupIterations + m.schedule.total,
  };
}
