/** Finest slice of time ok completions are counted in, ms. */
const MIN_SLICE_MS = 10;
/** Most slices one run keeps (4 bytes each): a week-long window gets coarser slices, never more memory. */
const MAX_SLICES = 200_000;

/** The judged window shifted by the mean duration of its ok iterations, and the ok completions in it. */
export interface ShiftedCount {
  /** How far the window was shifted, ms. */
  shiftMs: number;
  /** Ok completions counted in the shifted window (see {@link WindowCompletions.shifted}). */
  ok: number;
}

/**
 * Ok completions of a run from the start of its judged window on, per slice of time, and the mean
 * duration of the window's ok iterations (intended start to end). Together they give the achieved
 * rate over the judged window shifted by that duration: the completions of the window's arrivals
 * (docs/ENGINE.md, Throughput). Memory is fixed by the window and drain lengths, not the rate.
 */
export class WindowCompletions {
  private readonly sliceMs: number;
  private readonly slices: Uint32Array;
  /** Start of the judged window (`performance.now()`), once recording has started. */
  private fromMs = Number.NaN;
  private durationSumMs = 0;
  private durations = 0;

  /** `spanMs`: how long after the window's start completions can still be counted (window, drain and a margin). */
  constructor(spanMs: number) {
    this.sliceMs = Math.max(MIN_SLICE_MS, spanMs / MAX_SLICES);
    this.slices = new Uint32Array(Math.ceil(spanMs / this.sliceMs) + 1);
  }

  /** An iteration ended ok at `atMs`; the judged window starts at `windowFromMs` (not finite before recording starts). */
  onOk(atMs: number, windowFromMs: number): void {
    if (!Number.isFinite(windowFromMs)) return;
    if (Number.isNaN(this.fromMs)) this.fromMs = windowFromMs;
    const i = Math.floor((atMs - this.fromMs) / this.sliceMs);
    if (i >= 0 && i < this.slices.length) this.slices[i]!++;
  }

  /** An iteration of the judged window ended ok after `durationMs` (from its intended start). */
  onWindowOk(durationMs: number): void {
    this.durationSumMs += Math.max(0, durationMs);
    this.durations++;
  }

  /** Mean duration of the judged window's ok iterations, ms (0 when none ended ok). */
  meanDurationMs(): number {
    return this.durations > 0 ? this.durationSumMs / this.durations : 0;
  }

  /**
   * The window of `windowMs` shifted by the mean duration of its ok iterations, at most
   * `maxShiftMs` (how long completions were watched after the window's end), and the ok
   * completions in it. Each completion stands for the arrival slot it ends, `spacingMs` long (the
   * window's mean spacing of arrivals), and counts for the part of the slot after it that lies in
   * the shifted window: evenly spaced iterations of equal duration count exactly, and one ending a
   * few ms earlier or later moves the count by that share of a slot, never by a whole iteration.
   */
  shifted(windowMs: number, maxShiftMs: number, spacingMs: number): ShiftedCount {
    const room = Math.max(0, this.slices.length * this.sliceMs - windowMs);
    const shiftMs = Math.max(0, Math.min(this.meanDurationMs(), maxShiftMs, room));
    return { shiftMs, ok: this.count(shiftMs, shiftMs + windowMs, Math.max(0, Math.min(spacingMs, windowMs))) };
  }

  /** Ok completions whose slot (`slotMs` after the completion) lies from `aMs` to `bMs` after the window's start, pro rata. */
  private count(aMs: number, bMs: number, slotMs: number): number {
    if (Number.isNaN(this.fromMs) || !(bMs > aMs)) return 0;
    const w = this.sliceMs;
    const span = w + slotMs;
    const last = Math.min(this.slices.length - 1, Math.floor(bMs / w));
    let n = 0;
    for (let i = Math.max(0, Math.floor((aMs - slotMs) / w)); i <= last; i++) {
      const c = this.slices[i]!;
      if (c === 0) continue;
      const overlap = Math.min(i * w + span, bMs) - Math.max(i * w, aMs);
      if (overlap > 0) n += (c * overlap) / span;
    }
    return n;
  }
}
