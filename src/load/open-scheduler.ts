import { performance } from 'node:perf_hooks';
import type { ArrivalTimes } from './arrivals.ts';

export interface Launcher {
  /** Starts (or drops) one iteration due at `intendedMs`. Never throws. */
  launch(intendedMs: number, recorded: boolean, vu: number): void;
}

export interface Phase {
  schedule: ArrivalTimes;
  /** Start of the schedule; Infinity until {@link OpenScheduler.startRecording} places it. */
  offsetMs: number;
  recorded: boolean;
  /** No iteration of the phase starts at or after this instant. */
  endMs?: number;
  /** Shard of the global schedule: iterations `first`, `first + stride`, ... (`--shard i/N`). @default 0, 1 */
  first?: number;
  stride?: number;
}

/** Iterations dispatched per tick before yielding to I/O. */
const BATCH = 512;
/**
 * Waits at least this long sleep in a timer; only shorter ones poll with setImmediate. Polling
 * is busy (a core at 100%), so it is kept to the last half millisecond: polling from 2 ms made
 * the generator burn a whole core from ~500 req/s, and on a shared machine the busy process got
 * preempted for tens of ms (p99 dispatch lag 15-90 ms at 1,000 req/s, runs flagged invalid).
 */
export const SPIN_MS = 0.5;

/**
 * Open-model scheduler. Each tick dispatches every iteration due by now (catching up in a
 * batch), then sleeps: a timer of whole milliseconds (timers fire on a 1 ms grid, early or late;
 * an early wake just sleeps again) while the next instant is at least {@link SPIN_MS} away,
 * `setImmediate` polling for the last stretch. Dispatch lands ~0.3 ms after the intended instant
 * at the median, at a few % of a core at moderate rates.
 */
export class OpenScheduler {
  private readonly phases: Phase[];
  private phase = 0;
  private k = 0;
  private nextMs = Infinity;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private stopped = false;
  private readonly tickFn = (): void => this.tick();

  constructor(
    private readonly launcher: Launcher,
    phases: Phase[],
    private readonly onDone: () => void,
  ) {
    this.phases = phases.filter((p) => p.schedule.total > 0);
  }

  start(): void {
    this.k = this.phases[0]?.first ?? 0;
    this.nextMs = this.instant();
    this.tick();
  }

  /**
   * Ends the warm-up phases at `atMs` and starts the recorded ones there (their offset was
   * Infinity: the scheduler waits for this call once the warm-up is over).
   */
  startRecording(atMs: number): void {
    for (const p of this.phases) {
      if (p.recorded) {
        if (p.offsetMs === Infinity) p.offsetMs = atMs;
      } else if (p.endMs === undefined || p.endMs > atMs) p.endMs = atMs;
    }
    if (this.stopped) return;
    this.clear();
    this.nextMs = this.instant();
    this.tick();
  }

  /** Dispatches what is due now, then stops for good. */
  stop(flushDue: boolean): void {
    if (this.stopped) return;
    if (flushDue) this.dispatchDue(Infinity);
    this.stopped = true;
    this.clear();
  }

  private instant(): number {
    for (;;) {
      const p = this.phases[this.phase];
      if (p === undefined || p.offsetMs === Infinity) return Infinity;
      const s = p.schedule.instantS(this.k);
      if (s !== Infinity) {
        const ms = p.offsetMs + s * 1000;
        if (p.endMs === undefined || ms < p.endMs) return ms;
      }
      this.phase++;
      this.k = this.phases[this.phase]?.first ?? 0;
    }
  }

  private dispatchDue(budget: number): boolean {
    const now = performance.now();
    let n = 0;
    while (this.nextMs <= now) {
      if (n++ >= budget) return false;
      const p = this.phases[this.phase]!;
      this.launcher.launch(this.nextMs, p.recorded, this.k);
      this.k += p.stride ?? 1;
      this.nextMs = this.instant();
    }
    return true;
  }

  private tick(): void {
    this.timer = null;
    this.immediate = null;
    if (this.stopped) return;
    if (!this.dispatchDue(BATCH)) {
      this.immediate = setImmediate(this.tickFn);
      return;
    }
    if (this.nextMs === Infinity) {
      if (this.phases[this.phase]?.offsetMs === Infinity) return;
      this.stopped = true;
      this.onDone();
      return;
    }
    const wait = this.nextMs - performance.now();
    if (wait >= SPIN_MS) this.timer = setTimeout(this.tickFn, Math.max(1, Math.floor(wait)));
    else this.immediate = setImmediate(this.tickFn);
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}
