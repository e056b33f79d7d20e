import { ResultsError } from '../core/errors.ts';
import { decodeHistogram, digest, rangeOfDistributions, recordedRange } from '../metrics/histogram.ts';
import type { Distribution, HistogramName, RequestCounts, RunSummary } from '../result/types.ts';

const COUNT_FIELDS = ['scheduled', 'sent', 'completed', 'ok', 'failed', 'dropped'] as const;

/** The digest each encoded histogram of the judged window must match. */
const DIGEST_OF: Record<HistogramName, (s: RunSummary) => Distribution | undefined> = {
  latency: (s) => s.latencyMs,
  failedLatency: (s) => s.failedLatencyMs,
  serviceTime: (s) => s.serviceTimeMs,
  ttfb: (s) => s.stream?.ttfbMs,
  ttft: (s) => s.stream?.ttftMs,
  ttst: (s) => s.stream?.ttstMs,
  ttfe: (s) => s.stream?.ttfeMs,
  ttfa: (s) => s.stream?.ttfaMs,
  echo: (s) => s.stream?.echoMs,
  interEvent: (s) => s.stream?.interEventMs,
  tpot: (s) => s.stream?.tpotMs,
  outputChars: (s) => s.stream?.outputChars,
  outputTokens: (s) => s.stream?.outputTokens,
  outputTokensPerS: (s) => s.stream?.outputTokensPerS,
  inputTokens: (s) => s.stream?.inputTokens,
};

const DIGEST_NAME: Record<HistogramName, string> = {
  latency: 'latencyMs', failedLatency: 'failedLatencyMs', serviceTime: 'serviceTimeMs',
  ttfb: 'stream.ttfbMs', ttft: 'stream.ttftMs', ttst: 'stream.ttstMs', ttfe: 'stream.ttfeMs', ttfa: 'stream.ttfaMs', echo: 'stream.echoMs',
  interEvent: 'stream.interEventMs', tpot: 'stream.tpotMs', outputChars: 'stream.outputChars',
  outputTokens: 'stream.outputTokens', outputTokensPerS: 'stream.outputTokensPerS', inputTokens: 'stream.inputTokens',
};

/** The digest of an encoded histogram, within the min and max `stated` with it (as the run digested it); a problem sentence when it does not decode. */
function decoded(encoded: string, stated?: Distribution): Distribution | string {
  let h;
  try {
    h = decodeHistogram(encoded);
  } catch (err) {
    return `is not an encoded HDR histogram (${(err as Error).message})`;
  }
  try {
    return digest(h, rangeOfDistributions([stated]) ?? recordedRange(h));
  } finally {
    h.destroy();
  }
}

const sum = (t: Partial<Record<string, number>>): number => Object.values(t).reduce<number>((n, v) => n + (v ?? 0), 0);

function countProblems(where: string, c: RequestCounts): string | undefined {
  for (const k of COUNT_FIELDS) if (!Number.isInteger(c[k])) return `${where}.${k} ${c[k]} is not a whole number`;
  if (c.ok + c.failed !== c.completed) return `${where}: ok ${c.ok} + failed ${c.failed} is not completed ${c.completed}`;
  if (c.completed > c.sent) return `${where}: completed ${c.completed} is more than sent ${c.sent}`;
  if (c.sent + c.dropped !== c.scheduled) return `${where}: sent ${c.sent} + dropped ${c.dropped} is not scheduled ${c.scheduled}`;
  return undefined;
}

function histogramProblems(s: RunSummary): string | undefined {
  for (const [name, enc] of Object.entries(s.histograms) as [HistogramName, string][]) {
    const stated = DIGEST_OF[name]?.(s);
    const d = decoded(enc, stated);
    if (typeof d === 'string') return `histograms.${name} ${d}`;
    if (stated === undefined) continue;
    for (const k of ['count', 'p50', 'p95', 'p99'] as const) {
      if (stated[k] !== d[k]) return `${DIGEST_NAME[name]}.${k} ${stated[k]} is not the ${k} ${d[k]} of histograms.${name}`;
    }
  }
  const tl = s.timeline;
  for (let i = 0; i < tl.length; i++) {
    for (const [name, enc] of Object.entries(tl[i]!.histograms ?? {})) {
      if (typeof enc !== 'string') continue;
      const d = decoded(enc);
      if (typeof d === 'string') return `timeline[${i}].histograms.${name} ${d}`;
    }
  }
  return undefined;
}

/** The timeline adds up to the whole run's counts (every event lands in one second). */
function timelineProblems(s: RunSummary): string | undefined {
  const tl = s.timeline;
  if (tl.length === 0 || s.aborted || s.interrupted) return undefined;
  const w = s.whole.requests;
  const total = (k: 'sent' | 'ok' | 'failed' | 'dropped'): number => tl.reduce((n, e) => n + (e[k] ?? 0), 0);
  const pairs: [string, number, string, number][] = [
    ['sent', total('sent'), 'whole.requests.sent', w.sent],
    ['ok', total('ok'), 'whole.requests.ok', w.ok],
    ['dropped', total('dropped'), 'whole.requests.dropped', w.dropped],
    ['failed', total('failed'), 'whole.requests.failed + dropped', w.failed + w.dropped],
  ];
  for (const [k, got, what, want] of pairs) if (got !== want) return `timeline: its seconds add up to ${k} ${got}, but ${what} is ${want}`;
  const whole = s.whole.latencyMs;
  if (whole !== undefined && tl.every((e) => !(e.ok > 0) || e.histograms?.latency !== undefined)) {
    const n = tl.reduce((acc, e) => {
      const d = e.histograms?.latency !== undefined ? decoded(e.histograms.latency) : undefined;
      return acc + (d !== undefined && typeof d !== 'string' ? d.count : 0);
    }, 0);
    if (n !== whole.count) return `timeline: its per-second latency histograms hold ${n} requests, but whole.latencyMs.count is ${whole.count}`;
  }
  return undefined;
}

/** A single-request scenario (`METHOD URL`): one request per iteration, so its step and histograms count iterations. */
function singleRequestProblems(s: RunSummary): string | undefined {
  if (s.shard === undefined || s.shard.target.startsWith('flow ')) return undefined;
  const steps = Object.entries(s.steps);
  const c = s.requests;
  if (steps.length === 1) {
    const [name, st] = steps[0]!;
    if (st.count !== c.completed || st.ok !== c.ok || st.failed !== c.failed) {
      return `steps["${name}"] (count ${st.count}, ok ${st.ok}, failed ${st.failed}) does not match requests (completed ${c.completed}, ok ${c.ok}, failed ${c.failed})`;
    }
  }
  const measured = s.latencyMs.count + (s.failedLatencyMs?.count ?? 0) > 0;
  if (measured && s.latencyMs.count !== c.ok) return `latencyMs.count ${s.latencyMs.count} is not requests.ok ${c.ok} (one request per iteration)`;
  if (measured && s.failedLatencyMs !== undefined && s.failedLatencyMs.count !== c.failed) {
    return `failedLatencyMs.count ${s.failedLatencyMs.count} is not requests.failed ${c.failed} (one request per iteration)`;
  }
  return undefined;
}

/**
 * The achieved rate counts ok completions in the (shifted) judged window: recorded iterations that
 * ended ok (all in `whole.requests.ok`) and warm-up ones (each sent at least one of
 * `warmup.requests`), so it can never exceed them; a slot cut by an edge and the rate's rounding add
 * less than one.
 */
function achievedProblem(s: RunSummary): string | undefined {
  const windowS = Math.max(0, s.window.toS - s.window.fromS);
  const most = s.whole.requests.ok + (s.warmup?.requests ?? 0);
  const counted = s.throughput.achievedRps * windowS;
  if (counted > most + 1 + 0.0005 * windowS) {
    return `throughput.achievedRps ${s.throughput.achievedRps} is ${counted.toFixed(1)} ok completions in the ${windowS} s window, more than the run's ${most} ok iterations and warm-up requests`;
  }
  return undefined;
}

function derivedProblems(s: RunSummary): string | undefined {
  const c = s.requests;
  const w = s.whole.requests;
  for (const k of COUNT_FIELDS) if (c[k] > w[k]) return `requests.${k} ${c[k]} is more than whole.requests.${k} ${w[k]} (the judged window is part of the whole run)`;
  if (sum(s.errors) !== c.failed + c.dropped) return `errors add up to ${sum(s.errors)}, but requests.failed + dropped is ${c.failed + c.dropped}`;
  if (sum(s.whole.errors) !== w.failed + w.dropped) return `whole.errors add up to ${sum(s.whole.errors)}, but whole.requests.failed + dropped is ${w.failed + w.dropped}`;
  const rate = (x: RequestCounts): number => (x.scheduled === 0 ? 0 : (x.failed + x.dropped) / x.scheduled);
  if (Math.abs(s.errorRate - rate(c)) > 1e-9) return `errorRate ${s.errorRate} is not (failed + dropped) / scheduled = ${rate(c)}`;
  if (Math.abs(s.whole.errorRate - rate(w)) > 1e-9) return `whole.errorRate ${s.whole.errorRate} is not (failed + dropped) / scheduled = ${rate(w)}`;
  const achieved = achievedProblem(s);
  if (achieved !== undefined) return achieved;
  if (s.slo && s.slo.passed !== s.slo.checks.every((k) => k.passed)) return `slo.passed is ${s.slo.passed}, but its checks say ${!s.slo.passed}`;
  return undefined;
}

/**
 * Checks that one summary given to `perf merge` agrees with itself, so that a hand-edited or
 * corrupt file cannot make the merge report numbers nobody measured: counts add up (judged window
 * and whole run), error kinds add up to the failures, every histogram decodes and matches its
 * digest, the timeline adds up to the whole run, a single-request run's step and histograms count
 * its iterations, the error rate and SLO verdict follow from the counts, the achieved rate counts
 * no more completions than the run's ok iterations and warm-up requests. Throws
 * `ResultsError` naming the file and the field (`summary.` of a stored run).
 */
export function checkMergeInput(file: string, s: RunSummary, stored: boolean): void {
  const problem = countProblems('requests', s.requests)
    ?? countProblems('whole.requests', s.whole.requests)
    ?? derivedProblems(s)
    ?? histogramProblems(s)
    ?? singleRequestProblems(s)
    ?? timelineProblems(s);
  if (problem !== undefined) {
    throw new ResultsError(`${file}: ${stored ? 'summary.' : ''}${problem}; the file was edited or is corrupt, refusing to merge it`);
  }
}
