import type { RunSummary, TimelineEntry } from '../result/types.ts';
import { fmtBytes, fmtMs, fmtRps, kindLabel } from './format.ts';
import { type Lang, type MessageKey, t } from './messages.ts';

/** A finding read from a run's data; rendered per language with `renderObservation`. */
export interface Observation {
  key: MessageKey;
  params: Record<string, string | number>;
  /** Higher first when space is short. */
  weight: number;
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/**
 * Finds the second p95 left its early level for good: baseline = median p95 of the first fifth
 * (at least 3 s); onset = the first 3-s rolling median at or above max(2 × baseline, baseline +
 * 50 ms) whose following seconds mostly stay there.
 */
export function findLatencyRise(timeline: TimelineEntry[]): { fromMs: number; toMs: number; atS: number } | undefined {
  const pts = timeline.filter((e) => e.ok + e.failed > 0 && e.p95 > 0);
  if (pts.length < 6) return undefined;
  const baseN = Math.max(3, Math.floor(pts.length / 5));
  const baseline = median(pts.slice(0, baseN).map((e) => e.p95));
  const threshold = Math.max(2 * baseline, baseline + 50);
  const rolling = pts.map((_, i) => median(pts.slice(Math.max(0, i - 1), i + 2).map((e) => e.p95)));
  for (let i = baseN; i < pts.length; i++) {
    if (rolling[i]! < threshold) continue;
    const after = pts.slice(i);
    const above = after.filter((e) => e.p95 >= threshold).length;
    if (above / after.length < 0.6) continue;
    const start = pts.slice(i).findIndex((e) => e.p95 >= threshold);
    const onset = pts[i + Math.max(0, start)]!;
    return { fromMs: baseline, toMs: Math.max(...rolling.slice(i)), atS: onset.t };
  }
  return undefined;
}

/** For each error kind: the first second it appears, the target rate then, and its count. */
export function errorOnsets(timeline: TimelineEntry[]): { kind: string; atS: number; targetRps: number; count: number }[] {
  const first = new Map<string, { atS: number; targetRps: number; count: number }>();
  for (const e of timeline) {
    for (const [kind, n] of Object.entries(e.errors)) {
      if (!n) continue;
      const seen = first.get(kind);
      if (seen) seen.count += n;
      else first.set(kind, { atS: e.t, targetRps: e.targetRps, count: n });
    }
  }
  return [...first.entries()].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => a.atS - b.atS || b.count - a.count);
}

function resourceSeries(timeline: TimelineEntry[]): Map<string, number[]> {
  const series = new Map<string, number[]>();
  for (const e of timeline) {
    for (const [k, v] of Object.entries(e.resources ?? {})) {
      if (!Number.isFinite(v)) continue;
      const arr = series.get(k) ?? [];
      arr.push(v);
      series.set(k, arr);
    }
  }
  return series;
}

function fmtResource(key: string, v: number): string {
  return /bytes|rss|heap|mem/i.test(key) && !/percent|pct|ratio/i.test(key) && Math.abs(v) >= 1024 ? fmtBytes(v) : String(Math.round(v * 10) / 10);
}

function leakText(leak: unknown): string | undefined {
  if (typeof leak === 'string') return leak;
  if (!leak || typeof leak !== 'object') return undefined;
  const l = leak as Record<string, unknown>;
  for (const key of ['message', 'summary', 'verdict', 'reason']) {
    if (typeof l[key] === 'string' && l[key]) return l[key] as string;
  }
  if (typeof l.leaking === 'boolean') return l.leaking ? 'leak suspected' : 'no leak';
  if (typeof l.passed === 'boolean') return l.passed ? 'passed' : 'failed';
  return undefined;
}

/** Memory growth is judged on runs of at least this many seconds (heaps grow while warming up). */
const MIN_MEMORY_SAMPLES = 20;
/** ...and only when it grew by at least this much, for byte-valued series. */
const MIN_MEMORY_GROWTH_BYTES = 16 * 1024 * 1024;

/** Observations read from a run: latency rise, error onsets, generator health, rate, memory, CPU. */
export function observe(s: RunSummary): Observation[] {
  const out: Observation[] = [];
  if (s.aborted) out.push({ key: 'obs_aborted', params: { reason: s.abortReason ?? '?' }, weight: 100 });
  if (!s.generator.valid) {
    out.push({ key: 'obs_generator', params: { notes: s.generator.notes.join('; ') || `p99 dispatch lag ${fmtMs(s.generator.p99DispatchLagMs)}` }, weight: 95 });
  }
  if (s.requests.completed === 0 && s.requests.scheduled > 0) out.push({ key: 'obs_no_traffic', params: {}, weight: 90 });
  const rise = findLatencyRise(s.timeline);
  if (rise) out.push({ key: 'obs_p95_rise', params: { from: fmtMs(rise.fromMs), to: fmtMs(rise.toMs), t: rise.atS }, weight: 80 });
  for (const o of errorOnsets(s.timeline).slice(0, 3)) {
    out.push({ key: 'obs_error_onset', params: { kind: kindLabel(o.kind), rps: fmtRps(o.targetRps), t: o.atS, count: o.count }, weight: 70 + Math.min(9, Math.log10(o.count + 1)) });
  }
  const { targetRps, achievedRps } = s.throughput;
  if (targetRps > 0 && achievedRps / targetRps < 0.9 && s.model === 'arrival-rate') {
    out.push({ key: 'obs_rate_short', params: { pct: Math.round((achievedRps / targetRps) * 100) }, weight: 60 });
  }
  if (s.stream && s.stream.aborted > 0) out.push({ key: 'obs_streams_aborted', params: { count: s.stream.aborted }, weight: 50 });
  for (const [key, values] of resourceSeries(s.timeline)) {
    if (/cpu/i.test(key)) {
      const max = Math.max(...values);
      if (max >= 80) out.push({ key: 'obs_cpu_high', params: { key, max: Math.round(max) }, weight: 40 });
    } else if (/rss|heap|mem/i.test(key) && values.length >= MIN_MEMORY_SAMPLES) {
      const n = Math.max(1, Math.floor(values.length / 10));
      const first = mean(values.slice(0, n));
      const last = mean(values.slice(-n));
      const isBytes = first >= 1024 * 1024;
      if (first > 0 && (last - first) / first >= 0.2 && (!isBytes || last - first >= MIN_MEMORY_GROWTH_BYTES)) {
        out.push({
          key: 'obs_memory_growth',
          params: { key, pct: Math.round(((last - first) / first) * 100), from: fmtResource(key, first), to: fmtResource(key, last) },
          weight: 45,
        });
      }
    }
  }
  const leak = leakText(s.extra?.leak);
  if (leak) out.push({ key: 'obs_leak', params: { text: leak }, weight: 44 });
  return out.sort((a, b) => b.weight - a.weight);
}

export function renderObservation(o: Observation, lang: Lang): string {
  return t(lang, o.key, o.params);
}

/** The observations cell: the most important findings joined, or "stable" when nothing stands out. */
export function observationText(s: RunSummary, lang: Lang, max = 4): string {
  const obs = observe(s);
  if (obs.length === 0) return t(lang, 'obs_stable');
  return obs.slice(0, max).map((o) => renderObservation(o, lang)).join(lang === 'zh' ? '；' : '; ');
}
