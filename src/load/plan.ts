import { resolveOptions } from './options.ts';
import { RateSchedule } from './rate-schedule.ts';
import type { RunLoadOptions } from './types.ts';

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
  /** The unrecorded warm-up: `iterations` is undefined for a closed model. */
  warmup: { durationS: number; ratePerS: number; iterations: number | undefined };
  /** The recorded stages (empty for a closed model). */
  stages: PlannedStage[];
  /** Warm-up plus recorded time, s. */
  durationS: number;
  /** Warm-up plus recorded iterations; undefined for a closed model. */
  totalIterations: number | undefined;
}

/** Validates `options` like `runLoad` (throws the same `ConfigError`) and returns the load it will send. */
export function planLoad(options: RunLoadOptions): LoadPlan {
  const o = resolveOptions(options);
  const m = o.model;
  if (m.type === 'concurrency') {
    return { model: m.type, warmup: { durationS: o.warmupS, ratePerS: 0, iterations: undefined }, stages: [], durationS: o.warmupS + o.durationS, totalIterations: undefined };
  }
  const warmupIterations = o.warmupS > 0 ? new RateSchedule(m.warmupRate, [{ durationS: o.warmupS, target: m.warmupRate }]).total : 0;
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
    warmup: { durationS: o.warmupS, ratePerS: o.warmupS > 0 ? m.warmupRate : 0, iterations: warmupIterations },
    stages,
    durationS: o.warmupS + o.durationS,
    totalIterations: warmupIterations + m.schedule.total,
  };
}
