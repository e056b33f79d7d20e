import { performance } from 'node:perf_hooks';
import { SPIN_MS } from './open-scheduler.ts';

export interface ClosedLauncher {
  /**
   * Starts one iteration due at `intendedMs`; calls `onEnd` once it ended, with the
   * `performance.now()` of its end. Returns false when it was dropped (then `onEnd` is not called).
   */
  launchClosed(intendedMs: number, recorded: boolean, vu: number, onEnd: (endMs: number) => void): boolean;
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
  /**
   * Shard of a global group of `totalVus` users: this group's i-th user is global user
   * `first + stride * i`, started where the global ramp starts it. @default 0, 1, vus
   */
  first?: number;
  stride?: number;
  totalVus?: number;
}

/** Pause after a dropped iteration before the user tries again. */
const DROP_BACKOFF_MS = 10;

/** One virtual user: its record and end callback are made once and reused by every iteration. */
interface User {
  readonly g: VuGroup;
  readonly vu: number;
  /** Intended start of the next iteration. */
  dueMs: number;
  onEnd: (endMs: number) => void;
}

/**
 * Closed-model scheduler: each virtual user loops (iteration, think, iteration...). The next
 * iteration's intended start is the end of the previous one plus the think time, so a late
 * timer shows up as dispatch lag. Users due within {@link SPIN_MS} wait in one ready queue
 * drained by a single `setImmediate` (no timer, closure or immediate per iteration); longer
 * waits (think time, the ramp, a drop's back-off) use a timer.
 */
export class ClosedScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private ready: User[] = [];
  private spare: User[] = [];
  private immediate: NodeJS.Immediate | null = null;
  private readonly drainFn = (): void => this.drainReady();
  private stopped = false;

  constructor(
    private readonly launcher: ClosedLauncher,
    private readonly groups: VuGroup[],
    private readonly thinkTimeMs: number,
  ) {}

  start(): void {
    for (const g of this.groups) {
      const total = g.totalVus ?? g.vus;
      for (let i = 0; i < g.vus; i++) {
        const u = (g.first ?? 0) + (g.stride ?? 1) * i;
        const user: User = { g, vu: g.vuBase + u, dueMs: g.startMs + (total > 1 ? (g.rampMs * u) / total : 0), onEnd: () => {} };
        user.onEnd = (endMs) => this.ended(user, endMs);
        this.wait(user, user.dueMs);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.immediate = null;
    this.ready.length = 0;
  }

  private loop(user: User): void {
    if (this.stopped || user.dueMs >= user.g.stopMs) return;
    if (!this.launcher.launchClosed(user.dueMs, user.g.recorded, user.vu, user.onEnd)) {
      this.wait(user, performance.now() + DROP_BACKOFF_MS);
    }
  }

  private ended(user: User, endMs: number): void {
    this.wait(user, endMs + this.thinkTimeMs, endMs);
  }

  private wait(user: User, atMs: number, nowMs = performance.now()): void {
    if (this.stopped) return;
    user.dueMs = atMs;
    const wait = atMs - nowMs;
    if (wait >= SPIN_MS) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.wait(user, atMs);
      }, Math.max(1, Math.floor(wait)));
      this.timers.add(t);
      return;
    }
    this.ready.push(user);
    if (this.immediate === null) this.immediate = setImmediate(this.drainFn);
  }

  private drainReady(): void {
    this.immediate = null;
    if (this.stopped) return;
    const batch = this.ready;
    this.ready = this.spare;
    this.spare = batch;
    const t = performance.now();
    for (let i = 0; i < batch.length; i++) {
      const user = batch[i]!;
      if (t < user.dueMs) this.wait(user, user.dueMs, t);
      else this.loop(user);
    }
    batch.length = 0;
  }
}
