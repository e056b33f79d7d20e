import { performance } from 'node:perf_hooks';
import { SPIN_MS } from './open-scheduler.ts';

export interface ClosedLauncher {
  /**
   * Starts one iteration due at `intendedMs`; calls `onEnd` once it ended (or at once, when it
   * was dropped). Returns false when it was dropped.
   */
  launchClosed(intendedMs: number, recorded: boolean, vu: number, onEnd: () => void): boolean;
}

export interface VuGroup {
  vus: number;
  /** When the first user starts; the others follow linearly over `rampMs`. */
  startMs: number;
  rampMs: number;
  /** No iteration starts at or after this instant. */
  stopMs: number;
  recorded: boolean;
  /** Added to the user number, so warm-up and recorded users do not share numbers. */
  vuBase: number;
}

/** Pause after a dropped iteration before the user tries again. */
const DROP_BACKOFF_MS = 10;

/**
 * Closed-model scheduler: each virtual user loops (iteration, think, iteration...). The next
 * iteration's intended start is the end of the previous one plus the think time, so a late
 * timer shows up as dispatch lag.
 */
export class ClosedScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly immediates = new Set<NodeJS.Immediate>();
  private stopped = false;

  constructor(
    private readonly launcher: ClosedLauncher,
    private readonly groups: VuGroup[],
    private readonly thinkTimeMs: number,
  ) {}

  start(): void {
    for (const g of this.groups) {
      for (let i = 0; i < g.vus; i++) {
        const at = g.startMs + (g.vus > 1 ? (g.rampMs * i) / g.vus : 0);
        this.after(at, () => this.loop(g, g.vuBase + i, at));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    for (const im of this.immediates) clearImmediate(im);
    this.timers.clear();
    this.immediates.clear();
  }

  private loop(g: VuGroup, vu: number, dueMs: number): void {
    if (this.stopped || dueMs >= g.stopMs) return;
    const launched = this.launcher.launchClosed(dueMs, g.recorded, vu, () => {
      const next = performance.now() + this.thinkTimeMs;
      this.after(next, () => this.loop(g, vu, next));
    });
    if (!launched) {
      const next = performance.now() + DROP_BACKOFF_MS;
      this.after(next, () => this.loop(g, vu, next));
    }
  }

  private after(atMs: number, fn: () => void): void {
    if (this.stopped) return;
    const wait = atMs - performance.now();
    if (wait >= SPIN_MS) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.after(atMs, fn);
      }, Math.max(1, Math.floor(wait)));
      this.timers.add(t);
      return;
    }
    const im = setImmediate(() => {
      this.immediates.delete(im);
      if (this.stopped) return;
      if (performance.now() < atMs) this.after(atMs, fn);
      else fn();
    });
    this.immediates.add(im);
  }
}
