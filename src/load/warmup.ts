import { performance } from 'node:perf_hooks';
import type { GeneratorWatch } from '../metrics/generator.ts';
import type { ResolvedOptions } from './options.ts';

/** How often a warm-up that may end checks whether the generator settled. */
const CHECK_MS = 50;
/** Longest quiet stretch a warm-up waits for. */
const MAX_SETTLE_MS = 1000;

/**
 * Decides when recording starts. Arrival rate with a warm-up: once `warmupS` has passed and the
 * generator was quiet (no dispatch later than `maxDispatchLagMs`, no event-loop stall) at the
 * warm-up rate for the last min(warmupS / 2, 1) s; at `maxWarmupS` at the latest, then noted as
 * not settled. Closed model: after `warmupS`. No warm-up: at once.
 */
export class WarmupControl {
  /** False when the warm-up reached `maxWarmupS` without settling. */
  settled = true;
  private timer: NodeJS.Timeout | null = null;
  private t0 = 0;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly generator: GeneratorWatch,
    private readonly begin: (atMs: number) => void,
  ) {}

  /** Whether the recording start is known up front (`startAt`, or `t0 + warmupS`); else it comes by `begin`. */
  static fixedStart(o: ResolvedOptions): boolean {
    return o.startAtMs !== undefined || o.warmupS <= 0 || o.model.type !== 'arrival-rate';
  }

  /** Called once the schedulers run; calls `begin` when recording starts. */
  start(t0: number): void {
    this.t0 = t0;
    if (WarmupControl.fixedStart(this.o)) return;
    this.arm(t0 + this.o.warmupS * 1000);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A note for `generator.notes` when the warm-up did not settle. */
  note(): string | undefined {
    if (this.settled) return undefined;
    return `warm-up did not settle within maxWarmupS (${this.o.maxWarmupS} s): the generator was still late or stalling at ${this.o.model.type === 'arrival-rate' ? this.o.model.warmupRate : 0}/s when recording started`;
  }

  private arm(atMs: number): void {
    this.timer = setTimeout(() => this.check(), Math.max(0, atMs - performance.now()));
  }

  private check(): void {
    this.timer = null;
    const now = performance.now();
    const o = this.o;
    const settleMs = Math.min((o.warmupS / 2) * 1000, MAX_SETTLE_MS);
    const holdStartMs = this.t0 + (o.warmupS / 2) * 1000;
    const quietSince = Math.max(holdStartMs, this.generator.lastDisturbanceMs());
    if (now - quietSince >= settleMs) {
      this.begin(now);
    } else if (now >= this.t0 + o.maxWarmupS * 1000) {
      this.settled = false;
      this.begin(now);
    } else {
      this.arm(Math.min(now + CHECK_MS, this.t0 + o.maxWarmupS * 1000));
    }
  }
}
