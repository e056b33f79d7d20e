import type { CapacityStep, CapacityStop } from './types.ts';
import { round1 } from '../core/round.ts';

export interface SearchPlan {
  startRps: number;
  stepRps: number;
  maxRps: number;
  /** Refine until last good and first bad are this close: max(minResolutionRps, resolutionRatio × rate). */
  resolutionRatio: number;
  minResolutionRps: number;
  /** Cap on bisection probes. */
  maxRefineSteps: number;
  /** A step whose generator fell behind is run again this many times before the search stops (a passing stall is not a limit). @default 1 */
  generatorRetries?: number;
  /** Lowest rate tried when the start rate fails: the search halves the rate down to it. @default 1 */
  minRps?: number;
}

export interface SearchOutcome {
  steps: CapacityStep[];
  maxStableRps: number | null;
  /** Lowest failing rate seen above the maximum stable one. */
  firstBadRps: number | null;
  stoppedBy: CapacityStop;
}

/** Refinement resolution at a rate. */
export function resolutionAt(plan: Pick<SearchPlan, 'resolutionRatio' | 'minResolutionRps'>, rps: number): number {
  return Math.max(plan.minResolutionRps, plan.resolutionRatio * rps);
}


/**
 * Steps the rate up from `startRps` by `stepRps` until a step fails (or `maxRps` passes), then
 * bisects between the last good and the first bad rate down to the resolution. When the start rate
 * already fails, it halves the rate (down to `minRps`) until a step passes, then bisects above it;
 * `start-failed` means even `minRps` failed. A step whose
 * generator was overloaded is run again (`generatorRetries`); overloaded again, it ends the search:
 * what failed was the generator, not the target.
 * `runStep` must not throw; `isAborted` is checked between steps.
 */
export async function searchCapacity(
  plan: SearchPlan,
  runStep: (targetRps: number, phase: CapacityStep['phase']) => Promise<CapacityStep>,
  isAborted: () => boolean = () => false,
): Promise<SearchOutcome> {
  const steps: CapacityStep[] = [];
  let lastGood: number | null = null;
  let firstBad: number | null = null;
  let stoppedBy: CapacityStop | undefined;

  const probe = async (rps: number, phase: CapacityStep['phase']): Promise<CapacityStep | undefined> => {
    if (isAborted()) {
      stoppedBy = 'aborted';
      return undefined;
    }
    let step = await runStep(rps, phase);
    steps.push(step);
    for (let retry = 0; !step.generatorValid && retry < (plan.generatorRetries ?? 1) && !isAborted(); retry++) {
      step = await runStep(rps, phase);
      steps.push(step);
    }
    if (isAborted()) {
      stoppedBy = 'aborted';
      return undefined;
    }
    if (!step.generatorValid) {
      stoppedBy = 'generator-limit';
      return undefined;
    }
    return step;
  };

  for (let i = 0; ; i++) {
    const rps = round1(Math.min(plan.maxRps, plan.startRps + i * plan.stepRps));
    const step = await probe(rps, 'search');
    if (!step) break;
    if (step.passed) {
      lastGood = rps;
      if (rps >= plan.maxRps) {
        stoppedBy = 'max-reached';
        break;
      }
    } else {
      firstBad = rps;
      break;
    }
  }

  const minRps = Math.min(plan.minRps ?? 1, plan.startRps);
  while (stoppedBy === undefined && firstBad !== null && lastGood === null && firstBad > minRps) {
    const rps = Math.max(minRps, round1(firstBad / 2));
    if (rps >= firstBad) break;
    const step = await probe(rps, 'search');
    if (!step) break;
    if (step.passed) lastGood = rps;
    else firstBad = rps;
  }
  if (stoppedBy === undefined && firstBad !== null && lastGood === null) stoppedBy = 'start-failed';

  if (stoppedBy === undefined && firstBad !== null && lastGood !== null) {
    for (let n = 0; n < plan.maxRefineSteps; n++) {
      if (firstBad - lastGood <= resolutionAt(plan, lastGood)) break;
      const mid = round1((lastGood + firstBad) / 2);
      if (mid <= lastGood || mid >= firstBad) break;
      const step = await probe(mid, 'refine');
      if (!step) break;
      if (step.passed) lastGood = mid;
      else firstBad = mid;
    }
    stoppedBy ??= 'target-limit';
  }

  return { steps, maxStableRps: lastGood, firstBadRps: firstBad, stoppedBy: stoppedBy ?? 'target-limit' };
}

/**
 * The degradation threshold: the lowest searched rate whose p95 exceeded `boundMs`
 * (k × unloaded p95). Steps with an overloaded generator are ignored. Null when no step did.
 */
export function degradationRate(steps: readonly CapacityStep[], boundMs: number): number | null {
  const sorted = steps.filter((s) => s.generatorValid && s.p95 > 0).sort((a, b) => a.targetRps - b.targetRps);
  return sorted.find((s) => s.p95 > boundMs)?.targetRps ?? null;
}
