import type { ErrorKind } from '../core/outcome.ts';
import type { Scope } from '../metrics/scope.ts';
import type { GoodputBounds } from '../slo/types.ts';
import type { GeneratorHealth, RunSummary, TimelineEntry, WarmupSummary } from './types.ts';
import { round3 } from '../core/round.ts';

export interface SummaryInput {
  name: string;
  startedAt: Date;
  durationS: number;
  warmup: WarmupSummary;
  model: 'arrival-rate' | 'concurrency';
  window: { kind: 'steady' | 'all'; fromS: number; toS: number };
  aborted: boolean;
  abortReason: string | undefined;
  /** The abort came from an interruption (`InterruptedError`), not from the target or abort-on-fail. */
  interrupted?: boolean;
  /** Judged-window scope (full) and whole-run scope (may be the same object). */
  judged: Scope;
  whole: Scope;
  /** The asked rate: mean of the schedule over the judged window, iterations/s (closed model: the rate sent). */
  targetRps: number;
  /**
   * Iterations that ended ok inside the judged window shifted by `windowShiftMs`, whenever they
   * started (the achieved rate's count; slices cut by the window's edges count pro rata).
   */
  okInWindow: number;
  /** How far the window of `okInWindow` is shifted: the mean duration of the window's ok iterations, ms. */
  windowShiftMs: number;
  generator: GeneratorHealth;
  timeline: TimelineEntry[];
  cutOff: number;
  errorMessages: Partial<Record<ErrorKind, string>>;
  /** First message per application error code. @default {} */
  apiMessages?: Record<string, string>;
  extra: Record<string, unknown>;
  /** The run's goodput bounds (the SLO's), when it has any: the summary then carries `goodput`. */
  goodputBounds?: GoodputBounds;
}


/** Assembles the run summary from the recorders (no SLO yet: `slo` is null). */
export function buildSummary(i: SummaryInput): RunSummary {
  const j = i.judged;
  const windowS = Math.max(0, Math.min(i.window.toS, i.durationS) - i.window.fromS);
  const perS = (n: number): number => (windowS > 0 ? round3(n / windowS) : 0);
  const summary: RunSummary = {
    version: 1,
    name: i.name,
    startedAt: i.startedAt.toISOString(),
    durationS: round3(i.durationS),
    warmup: { durationS: round3(i.warmup.durationS), ratePerS: round3(i.warmup.ratePerS), requests: i.warmup.requests },
    model: i.model,
    window: { kind: i.window.kind, fromS: round3(i.window.fromS), toS: round3(Math.min(i.window.toS, i.durationS)) },
    aborted: i.aborted,
    requests: { ...j.counts },
    throughput: { targetRps: round3(i.targetRps), achievedRps: perS(i.okInWindow), sentRps: perS(j.counts.sent), windowShiftMs: Math.round(i.windowShiftMs) },
    errorRate: j.errorRate(),
    errors: { ...j.errors },
    statusCodes: { ...j.statusCodes },
    apiCodes: { ...j.apiCodes },
    responseBytes: j.sizeDigest(),
    latencyMs: j.latencyDigest(),
    failedLatencyMs: j.failedLatencyDigest(),
    serviceTimeMs: j.serviceTimeDigest(),
    generator: i.generator,
    timeline: i.timeline,
    slo: null,
    steps: j.stepSummaries(),
    whole: {
      requests: { ...i.whole.counts },
      errorRate: i.whole.errorRate(),
      errors: { ...i.whole.errors },
      latencyMs: i.whole.latencyDigest(),
      failedLatencyMs: i.whole.failedLatencyDigest(),
    },
    histograms: j.encoded(),
  };
  if (i.abortReason !== undefined) summary.abortReason = i.abortReason;
  if (i.interrupted) summary.interrupted = true;
  const stream = j.stream(windowS);
  if (stream !== undefined) summary.stream = stream;
  if (i.goodputBounds !== undefined) {
    const scheduled = j.counts.scheduled;
    summary.goodput = { ratio: scheduled > 0 ? j.goodIterations / scheduled : 0, rps: perS(j.goodIterations), bounds: { ...i.goodputBounds } };
  }
  if (i.cutOff > 0) summary.cutOff = i.cutOff;
  if (Object.keys(i.errorMessages).length > 0) summary.errorMessages = { ...i.errorMessages };
  if (i.apiMessages !== undefined && Object.keys(i.apiMessages).length > 0) summary.apiMessages = { ...i.apiMessages };
  if (Object.keys(i.extra).length > 0) summary.extra = i.extra;
  return summary;
}
