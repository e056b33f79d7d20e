import type { StepDegradation } from '../result/types.ts';

/** What a step's degradation is judged on, per second: its error rate and its p95 latency bound. */
export interface StepWatchBounds {
  /** Failed / ended requests of the step must stay below this. */
  errorRate?: number;
  /** At most 5% of the step's requests may end above this, ms (its p95 bound). */
  p95Ms?: number;
}

/** Seconds a degradation is judged over (a sliding window). */
export const DEGRADATION_WINDOW_S = 5;
/** Fewest requests of a step in the window for it to be judged. */
export const DEGRADATION_MIN_REQUESTS = 20;

interface Slot {
  n: number;
  failed: number;
  over: number;
}

interface Watched {
  readonly name: string;
  readonly bounds: StepWatchBounds;
  readonly ring: Slot[];
  cur: Slot;
  degraded: boolean;
}

/**
 * Watches each bounded step second by second over the recorded run (ramp included), and notes the
 * first second each one degraded: over the last {@link DEGRADATION_WINDOW_S} s, with at least
 * {@link DEGRADATION_MIN_REQUESTS} requests, its error rate reached its bound or more than 5% of its
 * requests took longer than its p95 bound. Memory is fixed: a few counters per step.
 */
export class StepWatch {
  private readonly steps = new Map<string, Watched>();
  readonly degradations: StepDegradation[] = [];

  constructor(bounds: Readonly<Record<string, StepWatchBounds>>) {
    for (const [name, b] of Object.entries(bounds)) {
      if (b.errorRate === undefined && b.p95Ms === undefined) continue;
      this.steps.set(name, { name, bounds: b, ring: [], cur: { n: 0, failed: 0, over: 0 }, degraded: false });
    }
  }

  request(name: string, ok: boolean, latencyMs: number): void {
    const w = this.steps.get(name);
    if (w === undefined) return;
    w.cur.n++;
    if (!ok) w.cur.failed++;
    else if (w.bounds.p95Ms !== undefined && latencyMs >= w.bounds.p95Ms) w.cur.over++;
  }

  /** Second `sec` of the recording ended, at `targetRps` arrivals/s, with `resources` sampled in it. */
  close(sec: number, targetRps: number, resources: Record<string, number> | undefined): void {
    for (const w of this.steps.values()) {
      w.ring.push(w.cur);
      if (w.ring.length > DEGRADATION_WINDOW_S) w.ring.shift();
      w.cur = { n: 0, failed: 0, over: 0 };
      if (w.degraded) continue;
      const sum = w.ring.reduce((a, s) => ({ n: a.n + s.n, failed: a.failed + s.failed, over: a.over + s.over }), { n: 0, failed: 0, over: 0 });
      if (sum.n < DEGRADATION_MIN_REQUESTS) continue;
      const reason = degradedBecause(w.bounds, sum);
      if (reason === undefined) continue;
      w.degraded = true;
      this.degradations.push({ step: w.name, atS: sec + 1, targetRps, reason, ...(resources ? { resources: { ...resources } } : {}) });
    }
  }
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function degradedBecause(b: StepWatchBounds, s: Slot): string | undefined {
  const errors = s.failed / s.n;
  if (b.errorRate !== undefined && errors >= b.errorRate) {
    return `errors ${pct(errors)} of ${s.n} requests over ${DEGRADATION_WINDOW_S} s (bound < ${pct(b.errorRate)})`;
  }
  const ok = s.n - s.failed;
  if (b.p95Ms !== undefined && ok > 0 && s.over / ok > 0.05) {
    return `${pct(s.over / ok)} of ${ok} ok requests over ${DEGRADATION_WINDOW_S} s took ${b.p95Ms} ms or more (p95 bound < ${b.p95Ms} ms)`;
  }
  return undefined;
}
