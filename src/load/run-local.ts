import { performance } from 'node:perf_hooks';
import { isInterruption } from '../core/errors.ts';
import type { RunSummary, SloResult, WarmupSummary } from '../result/types.ts';
import { evaluateSlo } from '../slo/evaluate.ts';
import { stepChecks, withStepChecks } from '../slo/steps.ts';
import { resolveOptions, type ResolvedOptions } from './options.ts';
import { Run } from './run.ts';
import { SamplerSet } from './samplers.ts';
import { Ticker } from './ticker.ts';
import type { RunLoadOptions } from './types.ts';
import { WarmupControl } from './warmup.ts';
import { isScenarioModule, loadScenarioModule } from './scenario-module.ts';
import { warmTokenizer } from '../metrics/tokens.ts';
import { checkStartAt, recordShard, waitForStart } from '../shard/start.ts';
import { arrivalsSummary } from './arrivals.ts';

/** {@link runLoad} in this process: the whole run when there are no workers, one worker's share otherwise. */
export async function runLocal(options: RunLoadOptions): Promise<RunSummary> {
  if (isScenarioModule(options.scenario)) {
    options = { ...options, scenario: await loadScenarioModule(options.scenario, options.shard ?? { index: 0, count: 1 }) };
  }
  const o = resolveOptions(options);
  checkStartAt(o);
  // A flow may stream; a static request does when it says so.
  if (o.scenario.kind === 'flow' || o.scenario.request.sse) warmTokenizer();
  const run = new Run(o);
  const samplers = new SamplerSet(o.samplers);
  let closed = false;
  try {
    await samplers.start();
    const at = await waitForStart(o);
    const t0 = at?.t0 ?? performance.now();
    const fixedStart = WarmupControl.fixedStart(o);
    const fixedRecStartMs = at?.recStartMs ?? t0 + o.warmupS * 1000;
    run.clock = fixedStart ? { t0, recStartMs: fixedRecStartMs, endMs: fixedRecStartMs + o.durationS * 1000 } : { t0, recStartMs: Infinity, endMs: Infinity };
    let startedAt = o.startAtMs !== undefined ? new Date(o.startAtMs) : new Date(Date.now() + (fixedStart ? o.warmupS * 1000 : 0));

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
      run.cutWindowAt(stopAt);
      wakeEnd();
      wakeDrain?.();
    };
    const onSignal = (): void => {
      interrupted = isInterruption(o.signal?.reason);
      stop(interrupted ? (o.signal!.reason as Error).message : `aborted by signal${signalReason(o.signal)}`);
    };
    o.signal?.addEventListener('abort', onSignal, { once: true });

    const ticker = new Ticker(o, run, samplers, stop);
    let endTimer: NodeJS.Timeout | null = null;
    const armEnd = (): void => {
      endTimer = setTimeout(wakeEnd, Math.max(0, run.clock.endMs - performance.now()));
    };
    const warmup = new WarmupControl(o, run.generator, (atMs) => {
      if (aborted || closed) return;
      run.clock = { t0, recStartMs: atMs, endMs: atMs + o.durationS * 1000 };
      startedAt = new Date(Date.now() - (performance.now() - atMs));
      run.beginRecording(atMs);
      ticker.rearm();
      armEnd();
    });
    if (fixedStart) armEnd();
    if (o.signal?.aborted) onSignal();
    else {
      ticker.start();
      run.generator.start();
      run.startSchedulers(t0, () => {});
      warmup.start(t0);
    }
    await ended;
    if (endTimer !== null) clearTimeout(endTimer);
    warmup.stop();
    const { recStartMs } = run.clock;
    run.stopSchedulers(!aborted);
    if (!aborted) {
      await Promise.race([run.drain(o.drainMs), new Promise<void>((resolve) => (wakeDrain = resolve))]);
    }
    o.signal?.removeEventListener('abort', onSignal);
    ticker.stop();
    const durationS = aborted ? Math.min(o.durationS, Math.max(0, (stopAt - recStartMs) / 1000)) : o.durationS;
    ticker.flush(durationS);
    const generator = run.generator.finish(recStartMs);
    const warmupNote = warmup.note();
    if (warmupNote !== undefined) generator.notes.push(warmupNote);
    closed = true;
    const cutOff = await run.close();
    const extra = await samplers.stop();
    const fromS = o.window.fromS;
    const toS = Math.min(o.window.toS, durationS);
    const summary = run.recordSummary({
      name: o.name,
      startedAt,
      durationS,
      warmup: warmupSummary(o, run, Math.min(recStartMs, aborted ? stopAt : Infinity) - t0),
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
    recordShard(summary, o);
    if (o.model.type === 'arrival-rate') summary.arrivals = arrivalsSummary(o.model.arrivals);
    summary.slo = o.slo === undefined ? null : safeEvaluate(summary, o);
    if (o.stepSlo !== undefined) summary.slo = withStepChecks(summary.slo, stepChecks(summary.steps, o.stepSlo));
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

/**
 * The asked rate: the schedule's mean over the judged window as it ran (the planned window when
 * the run stopped before it began), a shard's share of it; closed model: the rate sent.
 */
function targetRate(o: ResolvedOptions, fromS: number, toS: number, run: Run): number {
  if (o.model.type === 'arrival-rate') {
    const s = o.model.schedule;
    const mean = toS > fromS ? s.meanRate(fromS, toS) : s.meanRate(o.window.fromS, o.window.toS);
    return mean / (o.shard?.count ?? 1);
  }
  const span = toS - fromS;
  return span > 0 ? run.judged.counts.sent / span : 0;
}

/** `lastedMs`: from the start of the warm-up to the start of recording (or the abort). */
function warmupSummary(o: ResolvedOptions, run: Run, lastedMs: number): WarmupSummary {
  const requests = run.warmupRequests;
  if (o.warmupS <= 0) return { durationS: 0, ratePerS: 0, requests };
  const durationS = Math.max(0, lastedMs / 1000);
  // A shard (or worker) runs its share of the warm-up schedule, as of the main one.
  const ratePerS = o.model.type === 'arrival-rate' ? o.model.warmupRate / (o.shard?.count ?? 1) : durationS > 0 ? requests / durationS : 0;
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
