import { performance } from 'node:perf_hooks';
import { digest } from '../metrics/histogram.ts';
import type { TimelineEntry } from '../result/types.ts';
import { AbortWindow } from './abort-window.ts';
import type { ResolvedOptions } from './options.ts';
import type { Run } from './run.ts';
import type { SamplerSet } from './samplers.ts';
import type { Progress } from './types.ts';
import { shareBelow } from '../shard/split.ts';

/** Once-per-second work: closes timeline seconds, samples resources, reports progress, judges abort-on-fail. */
export class Ticker {
  private timer: NodeJS.Timeout | null = null;
  private warmSec = 0;
  /** True once the warm-up's last (maybe partial) second is closed. */
  private warmDone: boolean;
  private readonly abortWindow: AbortWindow | null;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly run: Run,
    private readonly samplers: SamplerSet,
    private readonly onAbort: (reason: string) => void,
  ) {
    const a = o.abortOnFail;
    this.abortWindow = a === null ? null : new AbortWindow(a.windowS, a.errorRate, a.minRequests);
    this.warmDone = o.warmupS <= 0;
  }

  start(): void {
    this.arm();
  }

  /** Recording started (`clock` moved): re-plans the next tick. */
  rearm(): void {
    this.stop();
    if (!this.run.finished) this.arm();
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Closes every second up to the end of recording, and the last partial one when it saw traffic. */
  flush(durationS: number): void {
    const tl = this.run.timeline;
    const nowS = (performance.now() - this.run.clock.recStartMs) / 1000;
    if (nowS < 0) return;
    while (tl.current + 1 <= nowS) this.closeSecond(tl.current < durationS, false);
    const open = tl.openCounts;
    if (tl.current < durationS || open.sent + open.ok + open.failed > 0) this.closeSecond(tl.current < durationS, false);
  }

  private next(): number {
    const { t0, recStartMs } = this.run.clock;
    if (!this.warmDone) return Math.min(t0 + (this.warmSec + 1) * 1000, recStartMs);
    return recStartMs + (this.run.timeline.current + 1) * 1000;
  }

  private arm(): void {
    const at = this.next();
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - performance.now()));
  }

  private fire(): void {
    this.timer = null;
    if (!this.warmDone) {
      if (this.run.clock.recStartMs <= performance.now() + 1) this.warmDone = true;
      this.warmSec++;
      const entry = this.run.warmTimeline.close(this.warmRate(), this.run.inFlight);
      entry.t = this.warmSec - 1 - this.o.warmupS;
      this.progress('warmup', entry);
    } else {
      const nowS = (performance.now() - this.run.clock.recStartMs) / 1000;
      while (this.run.timeline.current + 1 <= nowS + 0.001) this.closeSecond(true, true);
    }
    if (!this.run.finished) this.arm();
  }

  /** Warm-up (as long as it lasted, or so far) plus the recorded duration, s. */
  private totalS(): number {
    const { t0, recStartMs } = this.run.clock;
    const warmS = Number.isFinite(recStartMs) ? (recStartMs - t0) / 1000 : Math.max(this.o.warmupS, (performance.now() - t0) / 1000);
    return Math.round((warmS + this.o.durationS) * 10) / 10;
  }

  private warmRate(): number {
    const m = this.o.model;
    return m.type === 'arrival-rate' ? m.warmupRate : 0;
  }

  private closeSecond(report: boolean, judge: boolean): void {
    const tl = this.run.timeline;
    const sec = tl.current;
    const m = this.o.model;
    let target: number;
    if (m.type === 'arrival-rate') {
      const s = m.schedule;
      const sh = this.o.shard;
      target = sec < this.o.durationS ? shareBelow(s.countBefore(Math.min(sec + 1, this.o.durationS)), sh) - shareBelow(s.countBefore(sec), sh) : 0;
    } else {
      target = tl.openCounts.sent;
    }
    const entry = tl.close(target, this.run.recordedInFlight, this.samplers.sample());
    this.run.stepWatch?.close(sec, target, entry.resources);
    if (!report) return;
    const inWindow = sec >= this.o.window.fromS && sec < this.o.window.toS;
    this.progress(sec >= this.o.durationS ? 'drain' : inWindow ? 'steady' : 'ramp', entry);
    if (judge && this.abortWindow !== null && sec < this.o.durationS) {
      const reason = this.abortWindow.push(entry.ok + entry.failed, entry.failed);
      if (reason !== undefined) this.onAbort(reason);
    }
  }

  private progress(phase: Progress['phase'], last: TimelineEntry): void {
    const cb = this.o.onProgress;
    if (cb === undefined) return;
    const run = this.run;
    const whole = run.whole.counts;
    const p: Progress = {
      name: this.o.name,
      elapsedS: Math.round((performance.now() - run.clock.t0) / 100) / 10,
      totalS: this.totalS(),
      phase,
      targetRps: last.targetRps,
      inFlight: run.inFlight,
      last,
      p95Ms: digest(run.judged.latency).p95,
      errorsSoFar: whole.failed + whole.dropped,
    };
    try {
      cb(p);
    } catch {
      // a progress callback must not break the run
    }
  }
}
