import { performance } from 'node:perf_hooks';
import { isInterruption } from '../core/errors.ts';
import { digest } from '../metrics/histogram.ts';
import type { RunSummary, SloResult, TimelineEntry, WarmupSummary } from '../result/types.ts';
import { evaluateSlo } from '../slo/evaluate.ts';
import { AbortWindow } from './abort-window.ts';
import { resolveOptions, type ResolvedOptions } from './options.ts';
import { Run } from './run.ts';
import { SamplerSet } from './samplers.ts';
import type { Progress, RunLoadOptions } from './types.ts';

/**
 * Runs a load test against the scenario and returns its summary. Options are validated first
 * (`ConfigError` naming the option); after that it never throws for what the target does: every
 * request ends as a counted outcome, an abort returns the partial summary.
 */
export async function runLoad(options: RunLoadOptions): Promise<RunSummary> {
  const o = resolveOptions(options);
  const run = new Run(o);
  const samplers = new SamplerSet(o.samplers);
  let closed = false;
  try {
    await samplers.start();
    const startedAt = new Date(Date.now() + o.warmupS * 1000);
    const t0 = performance.now();
    const recStartMs = t0 + o.warmupS * 1000;
    const endMs = recStartMs + o.durationS * 1000;
    run.clock = { t0, recStartMs, endMs };

    let aborted = false;
    let abortReason: string | undefined;
    let interrupted = false;
    let stopAt = -1;
    let wakeEnd!: () => void;
    const ended = new Promise<void>((resolve) => (wakeEnd = resolve));
    let wakeDrain: (() => void) | null = null;
    const stop = (reason: string): void => {
      if (aborted || closed) return;
      aborted = true;
      abortReason = reason;
      stopAt = performance.now();
      wakeEnd();
      wakeDrain?.();
    };
    const onSignal = (): void => {
      interrupted = isInterruption(o.signal?.reason);
      stop(interrupted ? (o.signal!.reason as Error).message : `aborted by signal${signalReason(o.signal)}`);
    };
    o.signal?.addEventListener('abort', onSignal, { once: true });

    const ticker = new Ticker(o, run, samplers, stop);
    const endTimer = setTimeout(wakeEnd, Math.max(0, endMs - performance.now()));
    if (o.signal?.aborted) onSignal();
    else {
      ticker.start();
      run.generator.start();
      run.startSchedulers(t0, recStartMs, () => {});
    }
    await ended;
    clearTimeout(endTimer);
    run.stopSchedulers(!aborted);
    if (!aborted) {
      await Promise.race([run.drain(o.drainMs), new Promise<void>((resolve) => (wakeDrain = resolve))]);
    }
    o.signal?.removeEventListener('abort', onSignal);
    ticker.stop();
    const durationS = aborted ? Math.min(o.durationS, Math.max(0, (stopAt - recStartMs) / 1000)) : o.durationS;
    ticker.flush(durationS);
    const generator = run.generator.finish(recStartMs);
    closed = true;
    const cutOff = await run.close();
    const extra = await samplers.stop();
    const fromS = o.window.fromS;
    const toS = Math.min(o.window.toS, durationS);
    const summary = run.recordSummary({
      name: o.name,
      startedAt,
      durationS,
      warmup: warmupSummary(o, run),
      model: o.model.type,
      window: o.window,
      aborted,
      abortReason,
      interrupted,
      targetRps: targetRate(o, fromS, toS, run),
      generator,
      cutOff,
      extra,
    });
    summary.slo = o.slo === undefined ? null : safeEvaluate(summary, o);
    return summary;
  } finally {
    if (!closed) {
      run.stopSchedulers(false);
      await run.close();
      await samplers.stop();
    }
    run.destroy();
  }
}

function signalReason(signal: AbortSignal | undefined): string {
  const r: unknown = signal?.reason;
  if (r instanceof Error && r.name !== 'AbortError') return `: ${r.message}`;
  if (typeof r === 'string') return `: ${r}`;
  return '';
}

function targetRate(o: ResolvedOptions, fromS: number, toS: number, run: Run): number {
  const span = toS - fromS;
  if (span <= 0) return 0;
  if (o.model.type === 'arrival-rate') {
    const s = o.model.schedule;
    return (s.countBefore(toS) - s.countBefore(fromS)) / span;
  }
  return run.judged.counts.sent / span;
}

function warmupSummary(o: ResolvedOptions, run: Run): WarmupSummary {
  const durationS = o.warmupS;
  const requests = run.warmupRequests;
  if (durationS <= 0) return { durationS: 0, ratePerS: 0, requests };
  const ratePerS = o.model.type === 'arrival-rate' ? o.model.warmupRate : requests / durationS;
  return { durationS, ratePerS, requests };
}

function safeEvaluate(summary: RunSummary, o: ResolvedOptions): SloResult {
  try {
    return evaluateSlo(summary, o.slo!);
  } catch (err) {
    return {
      passed: false,
      checks: [{ name: 'slo', bound: 'evaluable', actual: Number.NaN, passed: false, reason: `SLO evaluation failed: ${err instanceof Error ? err.message : String(err)}` }],
    };
  }
}

/** Once-per-second work: closes timeline seconds, samples resources, reports progress, judges abort-on-fail. */
class Ticker {
  private timer: NodeJS.Timeout | null = null;
  private warmSec = 0;
  private readonly abortWindow: AbortWindow | null;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly run: Run,
    private readonly samplers: SamplerSet,
    private readonly onAbort: (reason: string) => void,
  ) {
    const a = o.abortOnFail;
    this.abortWindow = a === null ? null : new AbortWindow(a.windowS, a.errorRate, a.minRequests);
  }

  start(): void {
    this.arm();
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
    if (this.warmSec < Math.ceil(this.o.warmupS)) return Math.min(t0 + (this.warmSec + 1) * 1000, recStartMs);
    return recStartMs + (this.run.timeline.current + 1) * 1000;
  }

  private arm(): void {
    const at = this.next();
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - performance.now()));
  }

  private fire(): void {
    this.timer = null;
    if (this.warmSec < Math.ceil(this.o.warmupS)) {
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
      target = sec < this.o.durationS ? s.countBefore(Math.min(sec + 1, this.o.durationS)) - s.countBefore(sec) : 0;
    } else {
      target = tl.openCounts.sent;
    }
    const entry = tl.close(target, this.run.recordedInFlight, this.samplers.sample());
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
      totalS: this.o.warmupS + this.o.durationS,
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
