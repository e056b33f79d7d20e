import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { GeneratorHealth, GeneratorStall } from '../result/types.ts';
import { createHistogram, digest, recordMs, valueAtPercentile } from './histogram.ts';
import { StallWatch } from './stalls.ts';
import { round1, round3 } from '../core/round.ts';

const RESOLUTION_MS = 10;
/** Below this many dispatches a p99 is just the maximum: one hiccup is not an overload. */
const MIN_DISPATCHES_FOR_P99 = 100;
/** A late share is judged only once this many iterations were late. */
const MIN_LATE_FOR_RATIO = 3;
/** Stalls listed in the summary. */
const MAX_LISTED_STALLS = 5;

export interface GeneratorLimits {
  maxDispatchLagMs: number;
  maxLateRatio: number;
  /** Closed model: no schedule to be late against, so event-loop lag is judged instead. */
  closedModel: boolean;
}

/**
 * Watches the load generator itself: dispatch lag per iteration (actual minus intended start)
 * and event-loop delay. Decides whether the run's latency numbers can be trusted.
 */
export class GeneratorWatch {
  private readonly dispatchLag = createHistogram();
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private readonly stallWatch: StallWatch;
  private late = 0;
  private dispatched = 0;
  private lastLateWarmupMs = -Infinity;

  constructor(private readonly limits: GeneratorLimits) {
    this.stallWatch = new StallWatch(limits.maxDispatchLagMs);
  }

  start(): void {
    this.loop.enable();
    this.stallWatch.start();
  }

  /** A warm-up iteration dispatched at `nowMs`, `lagMs` after its intended start. */
  onWarmupDispatch(lagMs: number, nowMs: number): void {
    if (lagMs > this.limits.maxDispatchLagMs) this.lastLateWarmupMs = nowMs;
  }

  /** Last time the generator was late: a warm-up dispatch later than the threshold, or a stall. */
  lastDisturbanceMs(): number {
    return Math.max(this.lastLateWarmupMs, this.stallWatch.lastStallEndMs());
  }

  /** A measured request of the judged window, intended at `startMs`, handled now (`endMs`). */
  onJudgedRequest(startMs: number, endMs: number): void {
    this.stallWatch.onRequest(startMs, endMs);
  }

  /** Records one iteration's dispatch lag, ms. */
  onDispatch(lagMs: number): void {
    this.dispatched++;
    recordMs(this.dispatchLag, lagMs);
    if (lagMs > this.limits.maxDispatchLagMs) this.late++;
  }

  /** Current p99 of event-loop lag, ms (for progress and notes). */
  loopLagP99Ms(): number {
    return Math.max(0, this.loop.percentile(99) / 1e6 - RESOLUTION_MS);
  }

  /** Stops watching (idempotent; `finish` does it too). */
  stop(): void {
    this.loop.disable();
    this.stallWatch.stop();
  }

  /** `recStartMs`: start of recording, to place stalls in time. */
  finish(recStartMs: number): GeneratorHealth {
    this.stop();
    const h = this.dispatchLag;
    const p99 = valueAtPercentile(h, 99) / 1000;
    const loopMax = this.loop.count > 0 ? Math.max(0, this.loop.max / 1e6 - RESOLUTION_MS) : 0;
    const loopP99 = this.loop.count > 0 ? this.loopLagP99Ms() : 0;
    const { maxDispatchLagMs, maxLateRatio, closedModel } = this.limits;
    const notes: string[] = [];
    let valid = true;
    const lateRatio = this.dispatched === 0 ? 0 : this.late / this.dispatched;
    if (this.dispatched >= MIN_DISPATCHES_FOR_P99 && p99 > maxDispatchLagMs) {
      valid = false;
      notes.push(`generator overloaded: p99 dispatch lag ${round3(p99)} ms exceeds ${maxDispatchLagMs} ms (by ${round3(p99 - maxDispatchLagMs)} ms)`);
    }
    if (this.late >= MIN_LATE_FOR_RATIO && lateRatio > maxLateRatio) {
      valid = false;
      notes.push(
        `generator overloaded: ${this.late} of ${this.dispatched} iterations (${round3(lateRatio * 100)}%) started more than ${maxDispatchLagMs} ms late, above the ${round3(maxLateRatio * 100)}% allowed`,
      );
    }
    if (closedModel && loopP99 > maxDispatchLagMs) {
      valid = false;
      notes.push(`generator overloaded: p99 event-loop lag ${round3(loopP99)} ms exceeds ${maxDispatchLagMs} ms`);
    }
    if (valid && this.late > 0) {
      notes.push(`${this.late} of ${this.dispatched} iterations started more than ${maxDispatchLagMs} ms late (p99 dispatch lag ${round3(p99)} ms); too few to judge the generator overloaded`);
    }
    const sw = this.stallWatch;
    const delaying = sw.stalls.filter((st) => st.requests > 0);
    const stalls = delaying
      .sort((a, b) => b.requests - a.requests || a.startMs - b.startMs)
      .slice(0, MAX_LISTED_STALLS)
      .map((st) => ({ atS: round3((st.startMs - recStartMs) / 1000), durationMs: round1(st.endMs - st.startMs), requests: st.requests }));
    const stallVerdict = judgeStalls(stalls, delaying.length, sw.stalledRequests, sw.judgedRequests, maxLateRatio);
    if (stallVerdict !== null) {
      if (!stallVerdict.valid) valid = false;
      notes.push(stallVerdict.note);
    } else if (valid && loopMax > maxDispatchLagMs) {
      notes.push(`event loop stalled once for ${round3(loopMax)} ms (p99 ${round3(loopP99)} ms), delaying no judged request`);
    }
    if (sw.untracked > 0) notes.push(`${sw.untracked} more event-loop stalls were not matched to requests (over ${sw.stalls.length} stalls)`);
    const health: GeneratorHealth = {
      maxLagMs: round3(loopMax),
      p99DispatchLagMs: round3(p99),
      lateRequests: this.late,
      valid,
      notes,
      dispatchLagMs: digest(h),
      loopLagP99Ms: round3(loopP99),
    };
    if (stalls.length > 0) {
      health.stalls = stalls;
      health.stalledRequests = sw.stalledRequests;
    }
    h.destroy();
    return health;
  }
}

/**
 * Whether stalls that delayed `stalled` of the `judged` requests leave the percentiles
 * trustworthy: not when they delayed `maxRatio` (`maxLateRatio`, 1% by default) or more of them
 * (and at least 3), whatever the dispatch lag says. `stalls`: the worst ones, to name them, of
 * `count` stalls that delayed a request. Null without such stalls.
 */
export function judgeStalls(
  stalls: readonly GeneratorStall[],
  count: number,
  stalled: number,
  judged: number,
  maxRatio: number,
): { valid: boolean; note: string } | null {
  if (stalls.length === 0 || stalled === 0) return null;
  const ratio = judged === 0 ? 0 : stalled / judged;
  const list = `${count > stalls.length ? `${count} stalls, the worst: ` : ''}${stalls.map(describeStall).join('; ')}`;
  const what = `event-loop stall${count > 1 ? 's' : ''} of the generator (${list}) delayed ${stalled} of ${judged} requests of the judged window (${round3(ratio * 100)}%)`;
  const limit = `${round3(maxRatio * 100)}%`;
  if (stalled >= MIN_LATE_FOR_RATIO && ratio >= maxRatio) {
    return { valid: false, note: `generator overloaded: ${what}, ${limit} or more: percentiles from p${round3(100 - ratio * 100)} up include the stall` };
  }
  if (ratio >= maxRatio) {
    return { valid: true, note: `${what}: ${limit} or more, but fewer than ${MIN_LATE_FOR_RATIO} requests are too few to invalidate a run` };
  }
  return { valid: true, note: `${what}, under the ${limit} that invalidates a run` };
}

function describeStall(s: GeneratorStall): string {
  return `${s.durationMs} ms at ${s.atS} s, ${s.requests} request${s.requests === 1 ? '' : 's'}`;
}
