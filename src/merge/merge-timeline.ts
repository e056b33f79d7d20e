import type { ErrorKind } from '../core/outcome.ts';
import { mergeHistograms, encodeHistogram, valueAtPercentile } from '../metrics/histogram.ts';
import type { TimelineEntry } from '../result/types.ts';
import { round3 } from '../core/round.ts';


/**
 * Merges the timelines of shards that started recording at the same instant: entries of the same
 * second add (`targetRps`, counts, error kinds, in flight), their per-second histograms merge, so
 * the merged p50/p95/p99 are exact; a second without histograms (summaries written before they
 * existed) keeps the largest shard percentile. Resources (the same target sampled by every shard)
 * keep the largest sample.
 */
export function mergeTimelines(timelines: readonly TimelineEntry[][]): TimelineEntry[] {
  const bySecond = new Map<number, TimelineEntry[]>();
  for (const tl of timelines) {
    for (const e of tl) {
      const list = bySecond.get(e.t);
      if (list) list.push(e);
      else bySecond.set(e.t, [e]);
    }
  }
  return [...bySecond.keys()].sort((a, b) => a - b).map((t) => mergeSecond(t, bySecond.get(t)!));
}

function mergeSecond(t: number, entries: TimelineEntry[]): TimelineEntry {
  const sum = (k: 'sent' | 'ok' | 'failed' | 'dropped' | 'inFlight' | 'targetRps'): number => entries.reduce((n, e) => n + (e[k] ?? 0), 0);
  const errors: Partial<Record<ErrorKind, number>> = {};
  for (const e of entries) for (const [k, v] of Object.entries(e.errors ?? {})) errors[k as ErrorKind] = (errors[k as ErrorKind] ?? 0) + (v ?? 0);
  const out: TimelineEntry = {
    t,
    targetRps: round3(sum('targetRps')),
    sent: sum('sent'),
    ok: sum('ok'),
    failed: sum('failed'),
    dropped: sum('dropped'),
    errors,
    inFlight: sum('inFlight'),
    p50: 0,
    p95: 0,
    p99: 0,
  };
  const lat = entries.map((e) => e.histograms?.latency).filter((h): h is string => h !== undefined);
  const ttft = entries.map((e) => e.histograms?.ttft).filter((h): h is string => h !== undefined);
  const exact = entries.every((e) => !(e.ok > 0) || e.histograms?.latency !== undefined);
  if (lat.length > 0 && exact) {
    const h = mergeHistograms(lat);
    out.p50 = valueAtPercentile(h, 50) / 1000;
    out.p95 = valueAtPercentile(h, 95) / 1000;
    out.p99 = valueAtPercentile(h, 99) / 1000;
    out.histograms = { latency: encodeHistogram(h) };
    h.destroy();
  } else {
    out.p50 = Math.max(0, ...entries.map((e) => e.p50));
    out.p95 = Math.max(0, ...entries.map((e) => e.p95));
    out.p99 = Math.max(0, ...entries.map((e) => e.p99));
  }
  if (ttft.length > 0) {
    const h = mergeHistograms(ttft);
    (out.histograms ??= {}).ttft = encodeHistogram(h);
    out.ttftP95 = valueAtPercentile(h, 95) / 1000;
    h.destroy();
  } else if (entries.some((e) => e.ttftP95 !== undefined)) {
    out.ttftP95 = Math.max(0, ...entries.map((e) => e.ttftP95 ?? 0));
  }
  if (entries.some((e) => e.goodput !== undefined)) out.goodput = entries.reduce((n, e) => n + (e.goodput ?? 0), 0);
  const res = entries.map((e) => e.resources).filter((r) => r !== undefined);
  if (res.length > 0) {
    const merged: Record<string, number> = {};
    for (const r of res) for (const [k, v] of Object.entries(r)) merged[k] = k in merged ? Math.max(merged[k]!, v) : v;
    out.resources = merged;
  }
  return out;
}
