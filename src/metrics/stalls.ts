import { performance } from 'node:perf_hooks';

/** Heartbeat period: a beat later than the threshold past its due time is a stall. */
export const HEARTBEAT_MS = 5;
/** Stalls kept for matching requests; further ones are only counted. */
const MAX_STALLS = 10_000;

/** A stretch of time in which the event loop ran no timer, on the `performance.now()` clock. */
export interface Stall {
  startMs: number;
  endMs: number;
  /** Judged requests it delayed. */
  requests: number;
  /**
   * Requests in flight that end (are handled) up to here were delayed by the stall: their
   * response came in during it and was handled in the catch-up right after. Infinity until the
   * heartbeat after the stall's end.
   */
  graceEndMs: number;
}

/**
 * Finds event-loop stalls with a heartbeat timer and counts the judged requests each delayed: a
 * request whose intended start fell in the stall (dispatched late), or one in flight whose end
 * was handled during the stall or the catch-up after it. Requests report their own end, so a
 * stall is noticed by the first request handled after it even before the heartbeat fires.
 */
export class StallWatch {
  readonly stalls: Stall[] = [];
  /** Stalls beyond {@link MAX_STALLS}, not matched to requests. */
  untracked = 0;
  /** Judged requests seen, and those delayed by at least one stall. */
  judgedRequests = 0;
  stalledRequests = 0;
  private timer: NodeJS.Timeout | null = null;
  private dueMs = Infinity;
  /** Noticed by a request, not yet closed by the heartbeat. */
  private open: Stall | null = null;
  /** Closed by the last beat; their grace ends at the next one. */
  private graceOpen: Stall[] = [];
  private running = false;
  private readonly beatFn = (): void => this.heartbeat(performance.now());

  constructor(private readonly thresholdMs: number) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.arm(performance.now());
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.dueMs = Infinity;
    const now = performance.now();
    if (this.open !== null) this.open.graceEndMs = now;
    this.open = null;
    for (const s of this.graceOpen) s.graceEndMs = now;
    this.graceOpen = [];
  }

  /** End of the latest stall (or now while one is going on); -Infinity when none. */
  lastStallEndMs(): number {
    if (this.open !== null) return this.open.endMs;
    const last = this.stalls[this.stalls.length - 1];
    return last === undefined ? -Infinity : last.endMs;
  }

  /** A judged request handled at `endMs` (now), intended at `startMs`. */
  onRequest(startMs: number, endMs: number): void {
    this.judgedRequests++;
    this.check(endMs);
    const st = this.stalls;
    let hit = false;
    for (let i = st.length - 1; i >= 0; i--) {
      const s = st[i]!;
      if (s.endMs <= startMs) break;
      if (endMs >= s.startMs && (startMs >= s.startMs || endMs <= s.graceEndMs)) {
        s.requests++;
        hit = true;
      }
    }
    if (hit) this.stalledRequests++;
  }

  /** Notices a stall going on at `nowMs` (a beat overdue by more than the threshold). */
  private check(nowMs: number): void {
    if (this.open !== null) {
      if (nowMs > this.open.endMs) this.open.endMs = nowMs;
    } else if (nowMs - this.dueMs > this.thresholdMs && this.stalls.length < MAX_STALLS) {
      this.open = this.add(this.dueMs, nowMs);
    }
  }

  private add(startMs: number, endMs: number): Stall | null {
    if (this.stalls.length >= MAX_STALLS) {
      this.untracked++;
      return null;
    }
    const s: Stall = { startMs, endMs, requests: 0, graceEndMs: Infinity };
    this.stalls.push(s);
    return s;
  }

  /** One heartbeat at `now` (the timer's; a test drives it with its own clock). */
  heartbeat(now: number): void {
    for (const s of this.graceOpen) s.graceEndMs = now;
    this.graceOpen = [];
    let closed: Stall | null = null;
    if (this.open !== null) {
      closed = this.open;
      if (now > closed.endMs) closed.endMs = now;
      this.open = null;
    } else if (now - this.dueMs > this.thresholdMs) {
      closed = this.add(this.dueMs, now);
    }
    if (closed !== null) this.graceOpen.push(closed);
    this.arm(now);
  }

  private arm(now: number): void {
    this.dueMs = now + HEARTBEAT_MS;
    if (!this.running) return;
    this.timer = setTimeout(this.beatFn, HEARTBEAT_MS);
    this.timer.unref();
  }
}
