import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { GeneratorHealth } from '../result/types.ts';
import { createHistogram, digest, recordMs } from './histogram.ts';

const RESOLUTION_MS = 10;
/** Below this many dispatches a p99 is just the maximum: one hiccup is not an overload. */
const MIN_DISPATCHES_FOR_P99 = 100;
/** A late share is judged only once this many iterations were late. */
const MIN_LATE_FOR_RATIO = 3;
const round3 = (v: number): number => Math.round(v * 1000) / 1000;

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
  private late = 0;
  private dispatched = 0;

  constructor(private readonly limits: GeneratorLimits) {}

  start(): void {
    this.loop.enable();
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

  finish(): GeneratorHealth {
    this.loop.disable();
    const h = this.dispatchLag;
    const p99 = h.totalCount ? h.getValueAtPercentile(99) / 1000 : 0;
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
    if (valid && loopMax > maxDispatchLagMs) {
      notes.push(`event loop stalled once for ${round3(loopMax)} ms (p99 ${round3(loopP99)} ms); dispatch stayed on time`);
    }
    const health: GeneratorHealth = {
      maxLagMs: round3(loopMax),
      p99DispatchLagMs: round3(p99),
      lateRequests: this.late,
      valid,
      notes,
      dispatchLagMs: digest(h),
      loopLagP99Ms: round3(loopP99),
    };
    h.destroy();
    return health;
  }
}
