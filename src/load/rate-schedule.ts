import type { Stage } from './types.ts';

interface Segment {
  /** Start time of the segment, s. */
  t0: number;
  durationS: number;
  r0: number;
  r1: number;
  /** Cumulative iterations at `t0`. */
  n0: number;
  /** Iterations in the segment. */
  count: number;
}

/**
 * The arrival-rate schedule: the rate moves linearly within each stage; the k-th iteration
 * (from 0) starts when the integral of the rate reaches k, so the count per second follows
 * the stages exactly. Pure arithmetic, no state per iteration.
 */
export class RateSchedule {
  private readonly segments: Segment[] = [];
  /** Total iterations over the schedule: ceil of the integral of the rate. */
  readonly total: number;
  /** The asked load: the integral of the rate over the whole schedule (not rounded). */
  readonly load: number;
  readonly durationS: number;
  readonly peakRate: number;
  private cursor = 0;

  constructor(startRate: number, stages: readonly Stage[]) {
    let t = 0;
    let n = 0;
    let prev = startRate;
    let peak = startRate;
    for (const s of stages) {
      const count = ((prev + s.target) / 2) * s.durationS;
      this.segments.push({ t0: t, durationS: s.durationS, r0: prev, r1: s.target, n0: n, count });
      t += s.durationS;
      n += count;
      prev = s.target;
      peak = Math.max(peak, s.target);
    }
    this.durationS = t;
    this.peakRate = peak;
    this.load = n;
    this.total = Math.ceil(n - 1e-9);
  }

  /** Start of iteration `k` in seconds from the schedule start; Infinity when `k >= total`. Calls with increasing k are O(1). */
  instantS(k: number): number {
    if (k >= this.total) return Infinity;
    return this.atLoadS(k);
  }

  /** When the integral of the rate reaches `u` (any real from 0 to {@link load}), s from the schedule start. */
  atLoadS(k: number): number {
    const segs = this.segments;
    let i = this.cursor;
    const cur = segs[i];
    if (cur === undefined || k < cur.n0) i = 0;
    while (i < segs.length - 1 && k >= segs[i]!.n0 + segs[i]!.count) i++;
    this.cursor = i;
    const s = segs[i]!;
    const dn = k - s.n0;
    if (dn <= 0) return s.t0;
    const a = (s.r1 - s.r0) / (2 * s.durationS);
    let tau: number;
    if (Math.abs(a) < 1e-12) {
      tau = dn / s.r0;
    } else {
      const disc = Math.max(0, s.r0 * s.r0 + 4 * a * dn);
      tau = (2 * dn) / (s.r0 + Math.sqrt(disc));
    }
    if (!Number.isFinite(tau)) tau = s.durationS;
    return s.t0 + Math.min(Math.max(tau, 0), s.durationS);
  }

  /** Target rate at time `tS` (s from the schedule start). */
  rateAt(tS: number): number {
    for (const s of this.segments) {
      if (tS < s.t0 + s.durationS) {
        return s.r0 + ((s.r1 - s.r0) * Math.max(0, tS - s.t0)) / s.durationS;
      }
    }
    const last = this.segments[this.segments.length - 1];
    return last === undefined ? 0 : last.r1;
  }

  /** The asked load over [0, tS): the integral of the rate (no rounding to whole iterations). */
  integral(tS: number): number {
    let n = 0;
    for (const s of this.segments) {
      const tau = Math.min(Math.max(0, tS - s.t0), s.durationS);
      n += s.r0 * tau + ((s.r1 - s.r0) / (2 * s.durationS)) * tau * tau;
      if (tS < s.t0 + s.durationS) break;
    }
    return n;
  }

  /** Mean asked rate over [fromS, toS) (the rate at `fromS` for an empty span). */
  meanRate(fromS: number, toS: number): number {
    return toS > fromS ? (this.integral(toS) - this.integral(fromS)) / (toS - fromS) : this.rateAt(fromS);
  }

  /** Iterations the schedule starts in [0, tS). */
  countBefore(tS: number): number {
    let n = 0;
    for (const s of this.segments) {
      if (tS >= s.t0 + s.durationS) {
        n += s.count;
        continue;
      }
      const tau = Math.max(0, tS - s.t0);
      n += s.r0 * tau + ((s.r1 - s.r0) / (2 * s.durationS)) * tau * tau;
      break;
    }
    return Math.min(this.total, Math.ceil(n - 1e-9));
  }
}

/**
 * The judged window of an arrival-rate run: stages whose target equals the previous stage's end
 * (the first stage: `startRate`) are holds; the window spans the first to the last hold.
 * Undefined when there is no hold.
 */
export function steadyWindow(startRate: number, stages: readonly Stage[]): { fromS: number; toS: number } | undefined {
  let t = 0;
  let prev = startRate;
  let from = -1;
  let to = -1;
  for (const s of stages) {
    if (s.target === prev && s.target > 0) {
      if (from < 0) from = t;
      to = t + s.durationS;
    }
    t += s.durationS;
    prev = s.target;
  }
  return from < 0 ? undefined : { fromS: from, toS: to };
}
