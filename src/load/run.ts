import { performance } from 'node:perf_hooks';
import type { ErrorKind } from '../core/outcome.ts';
import { HttpClient } from '../http/client.ts';
import type { Exchange, ExchangeSink } from '../http/exchange.ts';
import { GeneratorWatch } from '../metrics/generator.ts';
import { Scope, type RequestSample } from '../metrics/scope.ts';
import { Timeline } from '../metrics/timeline.ts';
import { buildSummary } from '../result/summary.ts';
import { ExemplarTracker } from '../metrics/exemplars.ts';
import { emptyStreamSample, fillStreamSample, goodputView } from '../metrics/stream-sample.ts';
import { goodputBounds, meetsGoodput } from '../metrics/goodput.ts';
import type { GoodputBounds } from '../slo/types.ts';
import type { RunSummary } from '../result/types.ts';
import type { ClosedScheduler } from './closed-scheduler.ts';
import type { OpenScheduler } from './open-scheduler.ts';
import type { ResolvedOptions } from './options.ts';
import { inJudgedWindow, startSchedulers } from './schedulers.ts';
import { FlowRunner, type FlowHost, type FlowIteration } from './flow-runner.ts';
import { JourneyStats } from '../metrics/journey-stats.ts';
import { StepWatch } from '../metrics/step-watch.ts';
import type { RunClock } from './clock.ts';
import { WindowCompletions } from './window-completions.ts';

/** How long after the drain completions are still counted (the summary being assembled), ms. */
const CLOSE_MARGIN_MS = 10_000;

interface Iteration extends FlowIteration {
  inWindow: boolean;
  /** False once a measured request missed a goodput bound. */
  good: boolean;
  failKind: ErrorKind | undefined;
  failMessage: string | undefined;
  ended: boolean;
  /** The journey it drew (a journey mix), else -1. */
  journey: number;
  onEnd: ((endMs: number) => void) | null;
}

/** One load run: wires schedulers, HTTP client and recorders, and settles into a summary. */
export class Run implements FlowHost<Iteration> {
  readonly client: HttpClient;
  readonly judged: Scope;
  readonly whole: Scope;
  readonly timeline = new Timeline();
  readonly warmTimeline = new Timeline();
  readonly generator: GeneratorWatch;
  readonly errorMessages: Partial<Record<ErrorKind, string>> = {};
  /** First message per application error code (judged window). */
  readonly apiMessages: Record<string, string> = {};
  /** Iterations started and not ended. */
  inFlight = 0;
  /** Recorded iterations sent and not ended. */
  recordedInFlight = 0;
  /** Requests sent by warm-up iterations (counted by `start` and {@link onWarmupRequest}). */
  warmupRequests = 0;
  /** Once true, completions are no longer recorded (the run is over). */
  finished = false;
  /** Ok completions (recorded or warm-up iterations) from the judged window's start on: the achieved rate's count. */
  private readonly completions: WindowCompletions;
  /** The run stopped early here (`performance.now()`): completions after it are outside the window. */
  private cutAtMs = Infinity;
  /** Completions were watched until here (`performance.now()`): the stop, or the close. */
  private watchedUntilMs = Infinity;
  readonly ac = new AbortController();
  readonly signal = this.ac.signal;
  clock!: RunClock;
  private k = 0;
  private open: OpenScheduler | null = null;
  private closed: ClosedScheduler | null = null;
  private readonly flows: FlowRunner<Iteration> | null;
  /** Whole-journey figures (journey mix), judged window. */
  readonly journeys: JourneyStats | null;
  /** Per-second degradation of the steps with bounds (`stepSlo`), recorded run. */
  readonly stepWatch: StepWatch | null;
  private drainWaiter: (() => void) | null = null;
  /** The requests behind the judged window's numbers, by trace id (bounded). */
  private readonly exemplars = new ExemplarTracker();
  /** Filled per finished request and handed to the scopes, which do not keep it. */
  private readonly sample: RequestSample = {
    name: '', status: 0, errorKind: undefined, apiCode: undefined, responseBytes: -1, latencyMs: 0, serviceTimeMs: 0, sse: false, measure: true,
    ...emptyStreamSample(),
  };
  /** The scopes a recorded iteration outside / inside the judged window counts in (one array each, no allocation per request). */
  private readonly wholeOnly: readonly Scope[];
  private readonly wholeAndJudged: readonly Scope[];
  /** The SLO's goodput bounds, judged per request as it ends. */
  private readonly goodput: GoodputBounds | undefined;
  private readonly staticSink: ExchangeSink = {
    done: (ex) => {
      const it = ex.tag as Iteration;
      this.recordRequest(it, ex);
      if (ex.errorKind !== undefined) this.failIteration(it, ex.errorKind, ex.error);
      this.endIteration(it, ex.endMs);
    },
    gap: (ex, ms) => this.recordGap(ex.tag as Iteration, ms),
  };

  constructor(readonly o: ResolvedOptions) {
    this.client = new HttpClient({
      connections: o.connections,
      connectTimeoutMs: Math.min(o.timeoutMs, 10_000),
      maxEventBytes: o.maxEventBytes,
      maxBodyBytes: o.maxBodyBytes,
      trace: o.trace,
    });
    this.judged = new Scope(true);
    this.whole = o.window.kind === 'all' ? this.judged : new Scope(false);
    this.wholeOnly = [this.whole];
    this.wholeAndJudged = this.whole === this.judged ? this.wholeOnly : [this.whole, this.judged];
    this.generator = new GeneratorWatch({
      maxDispatchLagMs: o.maxDispatchLagMs,
      maxLateRatio: o.maxLateRatio,
      closedModel: o.model.type === 'concurrency',
    });
    this.goodput = goodputBounds(o.slo?.goodput);
    if (this.goodput !== undefined) this.timeline.countGoodput();
    this.completions = new WindowCompletions((o.window.toS - o.window.fromS) * 1000 + o.drainMs + CLOSE_MARGIN_MS);
    this.flows = o.scenario.kind === 'flow' ? new FlowRunner<Iteration>(this, o.scenario.fn, o.baseUrl, o.timeoutMs) : null;
    const mix = o.scenario.kind === 'flow' ? o.scenario.journeys : undefined;
    this.journeys = mix ? new JourneyStats(mix.names, mix.weights) : null;
    this.stepWatch = o.stepSlo
      ? new StepWatch(Object.fromEntries(Object.entries(o.stepSlo).map(([name, b]) => [name, { ...(b.errorRate !== undefined ? { errorRate: b.errorRate } : {}), ...(b.latencyMs?.p95 !== undefined ? { p95Ms: b.latencyMs.p95 } : {}) }])))
      : null;
  }

  onWarmupRequest(): void {
    this.warmupRequests++;
  }

  /** Starts the schedulers at `t0` (see {@link startSchedulers}); `onScheduleEnd` fires when the last iteration is scheduled. */
  startSchedulers(t0: number, onScheduleEnd: () => void): void {
    ({ open: this.open, closed: this.closed } = startSchedulers(this, this.o, t0, this.clock.recStartMs, onScheduleEnd));
  }

  /** Recording starts at `atMs` (`clock` already says so): the open warm-up ends there. */
  beginRecording(atMs: number): void {
    this.open?.startRecording(atMs);
  }

  /** The run was stopped at `atMs`: the judged window ends there for the achieved rate. */
  cutWindowAt(atMs: number): void {
    this.cutAtMs = Math.min(this.cutAtMs, atMs);
  }

  /** Stops starting iterations (dispatching, late, what is already due when `flushDue`). */
  stopSchedulers(flushDue: boolean): void {
    this.open?.stop(flushDue);
    this.closed?.stop();
  }

  launch(intendedMs: number, recorded: boolean, vu: number): void {
    this.start(intendedMs, recorded, vu, null);
  }

  launchClosed(intendedMs: number, recorded: boolean, vu: number, onEnd: (endMs: number) => void): boolean {
    return this.start(intendedMs, recorded, vu, onEnd);
  }

  /** Resolves once no recorded iteration is in flight, or after `ms`. */
  drain(ms: number): Promise<void> {
    if (this.recordedInFlight === 0 || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.drainWaiter = done;
    });
  }

  /** Ends the run: cuts what is in flight, wakes sleeping flows, closes connections. */
  async close(): Promise<number> {
    this.finished = true;
    this.watchedUntilMs = Math.min(performance.now(), this.cutAtMs);
    const cut = this.recordedInFlight;
    this.ac.abort();
    this.flows?.wakeAll();
    this.client.cutAll();
    await this.client.close();
    return cut;
  }

  recordSummary(input: Omit<Parameters<typeof buildSummary>[0], 'okInWindow' | 'windowShiftMs' | 'judged' | 'whole' | 'timeline' | 'errorMessages' | 'apiMessages' | 'goodputBounds'>): RunSummary {
    const summary = buildSummary({
      ...input, ...this.achieved(input), judged: this.judged, whole: this.whole, timeline: this.timeline.entries, errorMessages: this.errorMessages, apiMessages: this.apiMessages,
      ...(this.goodput !== undefined ? { goodputBounds: this.goodput } : {}),
    });
    if (this.journeys !== null) summary.journeys = this.journeys.summary();
    if (this.stepWatch !== null) summary.degradations = [...this.stepWatch.degradations];
    const exemplars = this.exemplars.result(summary.latencyMs);
    if (exemplars !== undefined) summary.exemplars = exemplars;
    return summary;
  }

  /**
   * Ok completions in the judged window as it ran, shifted by the mean duration of its ok
   * iterations so that they are its arrivals' completions (docs/ENGINE.md, Throughput). The shift
   * is at most how long completions were watched after the window's end, unless no recorded
   * iteration was left in flight (`cutOff` 0: nothing more could complete); a stopped run's
   * window ends at the stop, and is not shifted past it.
   */
  private achieved(i: { window: { fromS: number; toS: number }; durationS: number; cutOff: number }): { okInWindow: number; windowShiftMs: number } {
    const toS = Math.min(i.window.toS, i.durationS);
    const windowMs = Math.max(0, (toS - i.window.fromS) * 1000);
    const complete = i.cutOff === 0 && this.cutAtMs === Infinity;
    const watchedMs = complete ? Number.MAX_VALUE : Math.max(0, this.watchedUntilMs - (this.clock.recStartMs + toS * 1000));
    const sent = this.judged.counts.sent;
    const { ok, shiftMs } = this.completions.shifted(windowMs, watchedMs, sent > 0 ? windowMs / sent : 0);
    return { okInWindow: ok, windowShiftMs: shiftMs };
  }

  /** The scopes a recorded iteration counts in: the whole run, and the judged window when it falls in it. */
  private scopes(inWindow: boolean): readonly Scope[] {
    return inWindow ? this.wholeAndJudged : this.wholeOnly;
  }

  /** Whether a recorded iteration counts for the judged window (in it, or the window is the whole run). */
  private judges(inWindow: boolean): boolean {
    return inWindow || this.judged === this.whole;
  }

  destroy(): void {
    this.generator.stop();
    this.judged.destroy();
    if (this.whole !== this.judged) this.whole.destroy();
    this.timeline.destroy();
    this.warmTimeline.destroy();
    this.journeys?.destroy();
  }

  private start(intendedMs: number, recorded: boolean, vu: number, onEnd: ((endMs: number) => void) | null): boolean {
    const o = this.o;
    let inWindow = false;
    if (recorded) {
      inWindow = inJudgedWindow(intendedMs, this.clock.recStartMs, o.window);
      for (const sc of this.scopes(inWindow)) sc.counts.scheduled++;
    }
    const tl = recorded ? this.timeline : this.warmTimeline;
    const mix = o.scenario.kind === 'flow' ? o.scenario.journeys : undefined;
    const journey = mix ? mix.pick() : -1;
    const countsJourney = journey >= 0 && recorded && this.judges(inWindow);
    if (countsJourney) this.journeys!.start(journey);
    if (this.inFlight >= o.maxInFlight) {
      if (recorded) {
        for (const sc of this.scopes(inWindow)) sc.dropped();
        this.errorMessages.dropped ??= `in-flight cap of ${o.maxInFlight} iterations reached`;
      }
      tl.onDropped();
      return false;
    }
    const it: Iteration = {
      k: this.k++,
      vu,
      intendedMs,
      recorded,
      inWindow,
      good: true,
      nextMs: intendedMs,
      failKind: undefined,
      failMessage: undefined,
      ended: false,
      journey: countsJourney ? journey : -1,
      onEnd,
    };
    this.inFlight++;
    tl.onSent();
    const nowMs = performance.now();
    if (recorded) {
      this.recordedInFlight++;
      for (const sc of this.scopes(inWindow)) sc.counts.sent++;
      this.generator.onDispatch(nowMs - intendedMs);
    } else {
      this.generator.onWarmupDispatch(nowMs - intendedMs, nowMs);
    }
    const sc = o.scenario;
    if (sc.kind === 'static') {
      if (!recorded) this.warmupRequests++;
      this.client.send(sc.request, intendedMs, this.staticSink, it, nowMs);
    } else {
      this.flows!.run(it, journey >= 0 ? mix!.runs[journey] : undefined);
    }
    return true;
  }

  failIteration(it: Iteration, kind: ErrorKind, message: string | undefined): void {
    if (it.failKind !== undefined) return;
    it.failKind = kind;
    it.failMessage = message;
  }

  recordRequest(it: Iteration, ex: Exchange): void {
    if (this.finished) return;
    const sample = this.sample;
    sample.name = ex.req.name;
    sample.status = ex.status;
    sample.errorKind = ex.errorKind;
    sample.apiCode = ex.apiCode;
    sample.responseBytes = ex.status > 0 ? ex.responseBytes : -1;
    sample.latencyMs = ex.endMs - ex.startMs;
    sample.serviceTimeMs = ex.serviceTimeMs();
    sample.ttfbMs = ex.headersMs >= 0 ? ex.headersMs - ex.startMs : -1;
    sample.sse = ex.req.sse;
    fillStreamSample(sample, ex, ex.req.sse && ((it.recorded && it.inWindow) || this.goodput !== undefined));
    sample.measure = ex.req.measure;
    const okLatency = sample.measure && sample.errorKind === undefined;
    if (this.goodput !== undefined && sample.measure && it.good) it.good = meetsGoodput(this.goodput, goodputView(sample));
    if (!it.recorded) {
      if (okLatency) this.warmTimeline.onLatency(sample.latencyMs);
      return;
    }
    for (const sc of this.scopes(it.inWindow)) sc.request(sample);
    if (this.stepWatch !== null && sample.measure) this.stepWatch.request(sample.name, sample.errorKind === undefined, sample.latencyMs);
    const judges = this.judges(it.inWindow);
    if (sample.measure && judges) this.generator.onJudgedRequest(ex.startMs, ex.endMs);
    if (ex.apiCode !== undefined && ex.error !== undefined && judges) {
      this.apiMessages[ex.apiCode] ??= ex.error;
    }
    if (okLatency) this.timeline.onLatency(sample.latencyMs);
    if (sample.sse && sample.measure && sample.ttftMs >= 0) this.timeline.onTtft(sample.ttftMs);
    if (ex.traceId !== undefined && sample.measure && judges) {
      this.exemplars.offer(ex.traceId, sample.name, sample.latencyMs, (ex.startMs - this.clock.recStartMs) / 1000, ex.status, sample.errorKind);
    }
  }

  recordGap(it: Iteration, ms: number): void {
    if (this.finished || !it.recorded) return;
    if (it.inWindow) this.judged.gap(ms);
  }

  /** `endMs`: when the iteration ended (`performance.now()`), when the caller already read it. */
  endIteration(it: Iteration, endMs = -1): void {
    if (it.ended) return;
    it.ended = true;
    this.inFlight--;
    if (it.recorded) this.recordedInFlight--;
    const atMs = endMs >= 0 ? endMs : performance.now();
    if (!this.finished) {
      const kind = it.failKind;
      if (kind === undefined && atMs <= this.cutAtMs) {
        this.completions.onOk(atMs, this.clock.recStartMs + this.o.window.fromS * 1000);
        if (it.recorded && this.judges(it.inWindow)) this.completions.onWindowOk(atMs - it.intendedMs);
      }
      if (it.recorded) {
        const good = this.goodput !== undefined && it.good && kind === undefined;
        for (const sc of this.scopes(it.inWindow)) sc.iteration(kind, good);
        if (it.journey >= 0) this.journeys!.end(it.journey, kind, atMs - it.intendedMs);
        this.timeline.onIteration(kind, this.goodput !== undefined ? good : undefined);
        if (kind !== undefined && it.failMessage !== undefined && this.judges(it.inWindow)) {
          this.errorMessages[kind] ??= it.failMessage;
        }
        if (this.recordedInFlight === 0 && this.drainWaiter !== null) this.drainWaiter();
      } else {
        this.warmTimeline.onIteration(kind);
      }
    }
    if (it.onEnd !== null) it.onEnd(atMs);
  }

}
