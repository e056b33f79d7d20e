import type { ErrorKind } from '../core/outcome.ts';
import { mergeExemplars } from './merge-exemplars.ts';
import { digest, encodeHistogram, mergeHistograms, rangeOfDistributions, recordedRange } from '../metrics/histogram.ts';
import { STREAM_HISTOGRAMS } from '../metrics/stream-stats.ts';
import type { Distribution, GeneratorHealth, GoodputSummary, HistogramName, RequestCounts, RunSummary, StepSummary, StreamSummary, TimelineEntry } from '../result/types.ts';
import { mergeTimelines } from './merge-timeline.ts';
import { round3 } from '../core/round.ts';

type Tally = Record<string, number>;

/** Adds tallies (`errors`, `statusCodes`, ...). */
export function addTallies<T extends Partial<Record<string, number>>>(list: readonly (T | undefined)[]): T {
  const out: Tally = {};
  for (const t of list) for (const [k, v] of Object.entries(t ?? {})) if (typeof v === 'number') out[k] = (out[k] ?? 0) + v;
  return out as T;
}

function addCounts(list: readonly RequestCounts[]): RequestCounts {
  const out: RequestCounts = { scheduled: 0, sent: 0, completed: 0, ok: 0, failed: 0, dropped: 0 };
  for (const c of list) for (const k of Object.keys(out) as (keyof RequestCounts)[]) out[k] += c[k];
  return out;
}

const errorRate = (c: RequestCounts): number => (c.scheduled === 0 ? 0 : (c.failed + c.dropped) / c.scheduled);

/** The digest a run recorded with its histogram `name` (its exact min and max). */
function recordedDigest(r: RunSummary, name: HistogramName): Distribution | undefined {
  if (name === 'latency') return r.latencyMs;
  if (name === 'failedLatency') return r.failedLatencyMs;
  if (name === 'serviceTime') return r.serviceTimeMs;
  const field = name === 'outputChars' || name === 'outputTokens' || name === 'outputTokensPerS' || name === 'inputTokens' ? name : (`${name}Ms` as const);
  return r.stream?.[field];
}

/**
 * Digest of the encoded histograms `name` of every input that has one, within the min and max the
 * inputs recorded (a decoded histogram only knows its buckets); undefined when none has.
 */
function mergedDigest(runs: readonly RunSummary[], name: HistogramName): { digest: Distribution; encoded: string } | undefined {
  const withHist = runs.filter((r) => typeof r.histograms[name] === 'string');
  if (withHist.length === 0) return undefined;
  const h = mergeHistograms(withHist.map((r) => r.histograms[name]!));
  const range = rangeOfDistributions(withHist.map((r) => recordedDigest(r, name))) ?? recordedRange(h);
  const out = { digest: digest(h, range), encoded: encodeHistogram(h) };
  h.destroy();
  return out;
}

/** The stream metrics added with TTFT = first content (issue 12), where any input has them. */
function mergeDecodeMetrics(
  out: StreamSummary,
  streams: readonly StreamSummary[],
  hist: (name: keyof RunSummary['histograms']) => { digest: Distribution } | undefined,
): void {
  const fields = [['ttstMs', 'ttst'], ['ttfeMs', 'ttfe'], ['ttfaMs', 'ttfa'], ['echoMs', 'echo'], ['tpotMs', 'tpot'], ['outputChars', 'outputChars'], ['outputTokens', 'outputTokens'], ['outputTokensPerS', 'outputTokensPerS'], ['inputTokens', 'inputTokens']] as const;
  for (const [field, name] of fields) {
    if (streams.some((s) => s[field] !== undefined)) out[field] = hist(name)?.digest ?? boundDistributions(streams.map((s) => s[field]));
  }
  if (streams.some((s) => s.totalOutputTokensPerS !== undefined)) out.totalOutputTokensPerS = round3(streams.reduce((n, s) => n + (s.totalOutputTokensPerS ?? 0), 0));
  if (streams.some((s) => s.contentEvents !== undefined)) out.contentEvents = streams.reduce((n, s) => n + (s.contentEvents ?? 0), 0);
  const encoding = streams.find((s) => s.tokenEncoding !== undefined)?.tokenEncoding;
  if (encoding !== undefined) out.tokenEncoding = encoding;
  if (streams.every((s) => s.outputTokensFrom !== undefined)) {
    out.outputTokensFrom = {
      usage: streams.reduce((n, s) => n + (s.outputTokensFrom?.usage ?? 0), 0),
      tokenizer: streams.reduce((n, s) => n + (s.outputTokensFrom?.tokenizer ?? 0), 0),
    };
  }
  const wholeLine = streams.reduce((n, s) => n + (s.wholeDataLineStreams ?? 0), 0);
  if (wholeLine > 0) out.wholeDataLineStreams = wholeLine;
  const warnings = [...new Set(streams.flatMap((s) => s.warnings ?? []))];
  if (warnings.length > 0) out.warnings = warnings;
}

/** Goodput of shards judged by the same bounds: good iterations add up, over the scheduled ones. */
function mergeGoodput(runs: readonly RunSummary[], perS: (n: number) => number): GoodputSummary | undefined {
  const withGoodput = runs.filter((r) => r.goodput !== undefined);
  if (withGoodput.length === 0) return undefined;
  const scheduled = runs.reduce((n, r) => n + r.requests.scheduled, 0);
  const good = withGoodput.reduce((n, r) => n + Math.round(r.goodput!.ratio * r.requests.scheduled), 0);
  return { ratio: scheduled > 0 ? good / scheduled : 0, rps: perS(good), bounds: { ...withGoodput[0]!.goodput!.bounds } };
}

/** Upper bound of distributions that have no histogram to merge: counts add, every statistic is the largest. */
export function boundDistributions(list: readonly (Distribution | undefined)[]): Distribution {
  const ds = list.filter((d): d is Distribution => d !== undefined && d.count > 0);
  if (ds.length === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  const count = ds.reduce((n, d) => n + d.count, 0);
  const max = (k: keyof Distribution): number => Math.max(...ds.map((d) => d[k]));
  return {
    count,
    min: Math.min(...ds.map((d) => d.min)),
    mean: round3(ds.reduce((n, d) => n + d.mean * d.count, 0) / count),
    p50: max('p50'), p90: max('p90'), p95: max('p95'), p99: max('p99'), p999: max('p999'), max: max('max'),
  };
}

/** The shards' window shifts, weighted by their ok iterations (each counted its own); absent when none has one. */
function mergedShift(runs: readonly RunSummary[]): { windowShiftMs?: number } {
  const withShift = runs.filter((r) => r.throughput.windowShiftMs !== undefined);
  if (withShift.length === 0) return {};
  const weight = withShift.reduce((n, r) => n + r.requests.ok, 0);
  const sum = withShift.reduce((n, r) => n + r.throughput.windowShiftMs! * (weight > 0 ? r.requests.ok : 1), 0);
  return { windowShiftMs: Math.round(sum / (weight > 0 ? weight : withShift.length)) };
}

function mergeGenerator(runs: readonly RunSummary[], labels: readonly string[]): GeneratorHealth {
  const gens = runs.map((r) => r.generator);
  const notes: string[] = [];
  gens.forEach((g, i) => {
    for (const n of g.notes) notes.push(`${labels[i]}: ${n}`);
    if (!g.valid && g.notes.length === 0) notes.push(`${labels[i]}: generator overloaded (p99 dispatch lag ${g.p99DispatchLagMs} ms)`);
  });
  const out: GeneratorHealth = {
    maxLagMs: Math.max(...gens.map((g) => g.maxLagMs ?? 0)),
    p99DispatchLagMs: Math.max(...gens.map((g) => g.p99DispatchLagMs ?? 0)),
    lateRequests: gens.reduce((n, g) => n + (g.lateRequests ?? 0), 0),
    valid: gens.every((g) => g.valid),
    notes,
  };
  const loop = gens.map((g) => g.loopLagP99Ms).filter((v): v is number => typeof v === 'number');
  if (loop.length > 0) out.loopLagP99Ms = Math.max(...loop);
  const stalls = gens.flatMap((g) => g.stalls ?? []);
  if (stalls.length > 0) out.stalls = [...stalls].sort((a, b) => b.requests - a.requests).slice(0, 5);
  if (gens.some((g) => g.stalledRequests !== undefined)) out.stalledRequests = gens.reduce((n, g) => n + (g.stalledRequests ?? 0), 0);
  return out;
}

function mergeSteps(runs: readonly RunSummary[], latency: Distribution, failed: Distribution): Record<string, StepSummary> {
  const names = new Set(runs.flatMap((r) => Object.keys(r.steps)));
  // A single-step run's step is its whole judged window: its merged histograms are exact.
  const single = names.size === 1 && runs.every((r) => Object.keys(r.steps).length === 1);
  const out: Record<string, StepSummary> = {};
  for (const name of names) {
    const steps = runs.map((r) => r.steps[name]).filter((s): s is StepSummary => s !== undefined);
    const step: StepSummary = {
      count: steps.reduce((n, s) => n + s.count, 0),
      ok: steps.reduce((n, s) => n + s.ok, 0),
      failed: steps.reduce((n, s) => n + s.failed, 0),
      errors: addTallies(steps.map((s) => s.errors)),
      statusCodes: addTallies(steps.map((s) => s.statusCodes)),
      latencyMs: single ? latency : boundDistributions(steps.map((s) => s.latencyMs)),
      failedLatencyMs: single ? failed : boundDistributions(steps.map((s) => s.failedLatencyMs)),
    };
    if (steps.some((s) => s.apiCodes !== undefined)) step.apiCodes = addTallies(steps.map((s) => s.apiCodes));
    out[name] = step;
  }
  return out;
}

/** Latency of the whole recorded run: exact from the per-second histograms when every second with ok requests has one. */
function wholeLatency(runs: readonly RunSummary[], judged: Distribution): Distribution {
  if (runs.every((r) => r.window.kind === 'all')) return judged;
  const timelines = runs.map((r) => r.timeline as TimelineEntry[]);
  const complete = timelines.every((tl) => tl.every((e) => !(e.ok > 0) || e.histograms?.latency !== undefined));
  if (!complete) return boundDistributions(runs.map((r) => r.whole.latencyMs));
  const enc = timelines.flatMap((tl) => tl.map((e) => e.histograms?.latency)).filter((e): e is string => e !== undefined);
  if (enc.length === 0) return boundDistributions(runs.map((r) => r.whole.latencyMs));
  const h = mergeHistograms(enc);
  const d = digest(h, rangeOfDistributions(runs.map((r) => r.whole.latencyMs)) ?? recordedRange(h));
  h.destroy();
  return d;
}

/**
 * Merges the summaries of the shards of one run into one ordinary run summary (no SLO: the
 * caller evaluates it). Exact: counts, error kinds, status and api codes add; latency, failed
 * latency, service time, TTFB, TTFT and inter-event gap come from the merged HDR histograms, the
 * timeline per second from the merged per-second histograms; the generator is valid only when
 * every shard's was (`labels` name the shards in the notes). Not exact, and documented as upper
 * bounds: `responseBytes` p50/p95, the percentiles of the steps of multi-step flows, and the
 * whole run's failed latency when the judged window is not the whole run (no histogram of them
 * is stored).
 */
export function mergeSummaries(runs: readonly RunSummary[], labels: readonly string[] = runs.map((_, i) => `shard ${i}`)): RunSummary {
  const first = runs[0];
  if (first === undefined) throw new Error('mergeSummaries: no summary to merge');
  const counts = addCounts(runs.map((r) => r.requests));
  const hist = (name: HistogramName) => mergedDigest(runs, name);
  const latency = hist('latency');
  const failed = hist('failedLatency');
  const service = hist('serviceTime');
  const latencyMs = latency?.digest ?? boundDistributions(runs.map((r) => r.latencyMs));
  const failedLatencyMs = failed?.digest ?? boundDistributions(runs.map((r) => r.failedLatencyMs));
  const durationS = Math.max(...runs.map((r) => r.durationS));
  const window = { kind: first.window.kind, fromS: first.window.fromS, toS: Math.max(...runs.map((r) => r.window.toS)) };
  const windowS = Math.max(0, window.toS - window.fromS);
  const perS = (n: number): number => (windowS > 0 ? round3(n / windowS) : 0);
  const histograms: RunSummary['histograms'] = {};
  for (const name of ['latency', 'failedLatency', 'serviceTime', ...STREAM_HISTOGRAMS] as const) {
    const m = name === 'latency' ? latency : name === 'failedLatency' ? failed : name === 'serviceTime' ? service : hist(name);
    if (m !== undefined) histograms[name] = m.encoded;
  }
  const wholeCounts = addCounts(runs.map((r) => r.whole.requests));
  const sizes = runs.map((r) => r.responseBytes).filter((b) => b !== undefined && b.count > 0);
  const sizeCount = sizes.reduce((n, b) => n + b.count, 0);
  const merged: RunSummary = {
    version: 1,
    name: first.name,
    startedAt: runs.map((r) => r.startedAt).sort()[0]!,
    durationS,
    model: first.model,
    ...(first.arrivals !== undefined ? { arrivals: { ...first.arrivals } } : {}),
    window,
    aborted: runs.some((r) => r.aborted),
    requests: counts,
    throughput: {
      targetRps: round3(runs.reduce((n, r) => n + r.throughput.targetRps, 0)),
      // Each shard's ok completions inside its own (shifted) window add up.
      achievedRps: perS(runs.reduce((n, r) => n + r.throughput.achievedRps * Math.max(0, r.window.toS - r.window.fromS), 0)),
      sentRps: perS(counts.sent),
      ...mergedShift(runs),
    },
    errorRate: errorRate(counts),
    errors: addTallies(runs.map((r) => r.errors)),
    statusCodes: addTallies(runs.map((r) => r.statusCodes)),
    apiCodes: addTallies(runs.map((r) => r.apiCodes)),
    responseBytes: sizeCount === 0
      ? { count: 0, mean: 0, p50: 0, p95: 0, max: 0 }
      : {
          count: sizeCount,
          mean: Math.round(sizes.reduce((n, b) => n + b.mean * b.count, 0) / sizeCount),
          p50: Math.max(...sizes.map((b) => b.p50)),
          p95: Math.max(...sizes.map((b) => b.p95)),
          max: Math.max(...sizes.map((b) => b.max)),
        },
    latencyMs,
    failedLatencyMs,
    serviceTimeMs: service?.digest ?? boundDistributions(runs.map((r) => r.serviceTimeMs)),
    generator: mergeGenerator(runs, labels),
    timeline: mergeTimelines(runs.map((r) => r.timeline as TimelineEntry[])),
    slo: null,
    steps: mergeSteps(runs, latencyMs, failedLatencyMs),
    whole: {
      requests: wholeCounts,
      errorRate: errorRate(wholeCounts),
      errors: addTallies(runs.map((r) => r.whole.errors)),
      latencyMs: wholeLatency(runs, latencyMs),
      failedLatencyMs: runs.every((r) => r.window.kind === 'all') ? failedLatencyMs : boundDistributions(runs.map((r) => r.whole.failedLatencyMs)),
    },
    histograms,
  };
  const warm = runs.map((r) => r.warmup).filter((w) => w !== undefined);
  if (warm.length > 0) {
    merged.warmup = {
      durationS: Math.max(...warm.map((w) => w.durationS)),
      ratePerS: round3(warm.reduce((n, w) => n + w.ratePerS, 0)),
      requests: warm.reduce((n, w) => n + w.requests, 0),
    };
  }
  const reasons = runs.map((r, i) => (r.abortReason ? `${labels[i]}: ${r.abortReason}` : undefined)).filter((r) => r !== undefined);
  if (reasons.length > 0) merged.abortReason = reasons.join('; ');
  if (runs.some((r) => r.interrupted)) merged.interrupted = true;
  const streams = runs.map((r) => r.stream).filter((s) => s !== undefined);
  if (streams.length > 0) {
    merged.stream = {
      ttfbMs: hist('ttfb')?.digest ?? boundDistributions(streams.map((s) => s.ttfbMs)),
      ttftMs: hist('ttft')?.digest ?? boundDistributions(streams.map((s) => s.ttftMs)),
      interEventMs: hist('interEvent')?.digest ?? boundDistributions(streams.map((s) => s.interEventMs)),
      events: streams.reduce((n, s) => n + s.events, 0),
      aborted: streams.reduce((n, s) => n + s.aborted, 0),
      completed: streams.reduce((n, s) => n + s.completed, 0),
    };
    mergeDecodeMetrics(merged.stream, streams, hist);
  }
  const goodput = mergeGoodput(runs, perS);
  if (goodput !== undefined) merged.goodput = goodput;
  const cut = runs.reduce((n, r) => n + (r.cutOff ?? 0), 0);
  if (cut > 0) merged.cutOff = cut;
  const errorMessages: Partial<Record<ErrorKind, string>> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.errorMessages ?? {})) errorMessages[k as ErrorKind] ??= v;
  if (Object.keys(errorMessages).length > 0) merged.errorMessages = errorMessages;
  const apiMessages: Record<string, string> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.apiMessages ?? {})) apiMessages[k] ??= v;
  if (Object.keys(apiMessages).length > 0) merged.apiMessages = apiMessages;
  const exemplars = mergeExemplars(runs, latencyMs);
  if (exemplars !== undefined) merged.exemplars = exemplars;
  const extra = runs.find((r) => r.extra !== undefined)?.extra;
  merged.extra = { ...(extra ?? {}), merged: { shards: runs.length, from: [...labels] } };
  return merged;
}

