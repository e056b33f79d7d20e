import type { ErrorKind } from '../core/outcome.ts';
import { LEAK_METRIC_PREFERENCE } from '../resources/leak-check.ts';
import { fmtMiB, fmtPerS } from '../report/format.ts';
import type { Lang } from '../report/messages.ts';
import { ct, type CapacityMessageKey } from './messages.ts';
import type { CapacityStep } from './types.ts';

const MIB = 1024 * 1024;

export interface ObservationInput {
  steps: readonly CapacityStep[];
  unloadedP95Ms: number;
  maxStableRps: number | null;
  /** Whole-search resource stats, when sampled. */
  resources?: Record<string, { start: number; end: number; max: number }>;
  /** CPU or memory percent at or above which a resource counts as saturated. @default 80 */
  saturationPercent?: number;
  /** @default 'en' */
  lang?: Lang;
}

const ms = (v: number): string => (v >= 100 ? `${Math.round(v)} ms` : `${v.toPrecision(2)} ms`);

function errorList(errors: Partial<Record<ErrorKind, number>>): string {
  return Object.entries(errors)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}

const MEMORY_LABELS: Record<(typeof LEAK_METRIC_PREFERENCE)[number], CapacityMessageKey> = {
  jsMemoryBytes: 'cap_label_js_memory',
  heapUsedBytes: 'cap_label_heap',
  rssBytes: 'cap_label_rss',
  memUsedBytes: 'cap_label_mem_used',
};

const SATURATION_KEYS: Record<string, CapacityMessageKey> = {
  cpuPercent: 'cap_label_cpu',
  hostCpuPercent: 'cap_label_host_cpu',
  memUsedPercent: 'cap_label_host_memory',
};

/**
 * Key observations of a search, as sentences: first error kinds and at what rate, latency growth,
 * resource saturation (CPU or memory ≥ 80%) and memory growth.
 */
export function capacityObservations(input: ObservationInput): string[] {
  const out: string[] = [];
  const steps = input.steps.filter((s) => s.generatorValid).sort((a, b) => a.targetRps - b.targetRps);
  const limit = input.saturationPercent ?? 80;
  const lang = input.lang ?? 'en';

  const firstErr = steps.find((s) => errorList(s.errors) !== '');
  if (firstErr) {
    out.push(ct(lang, 'cap_o_first_errors', { rps: fmtPerS(firstErr.targetRps), errors: errorList(firstErr.errors), pct: (firstErr.errorRate * 100).toFixed(2) }));
  } else {
    // A step in which no request ended ok (and none failed) says nothing about errors.
    const measured = steps.filter((s) => Number.isFinite(s.p50));
    if (measured.length > 0) out.push(ct(lang, 'cap_o_no_errors', { rps: fmtPerS(measured[measured.length - 1]!.targetRps) }));
  }

  const base = input.unloadedP95Ms;
  const stable = steps.find((s) => s.targetRps === input.maxStableRps);
  if (stable && base > 0) {
    out.push(ct(lang, 'cap_o_p95_stable', { p95: ms(stable.p95), rps: fmtPerS(stable.targetRps), x: (stable.p95 / base).toFixed(1), base: ms(base) }));
  }
  const top = steps[steps.length - 1];
  if (top && top !== stable && base > 0 && top.p95 > 0) {
    out.push(ct(lang, 'cap_o_p95_top', { p95: ms(top.p95), rps: fmtPerS(top.targetRps), x: (top.p95 / base).toFixed(1) }));
  }

  for (const [key, label] of Object.entries(SATURATION_KEYS)) {
    const hit = steps.find((s) => (s.resources?.[key]?.max ?? -1) >= limit);
    if (hit) out.push(ct(lang, 'cap_o_saturated', { label: ct(lang, label), max: Math.round(hit.resources![key]!.max), rps: fmtPerS(hit.targetRps), limit }));
  }

  const memKey = LEAK_METRIC_PREFERENCE.find((k) => input.resources?.[k]);
  const r = memKey ? input.resources?.[memKey] : undefined;
  if (memKey && r) {
    const growth = r.max - r.start;
    if (growth > Math.max(32 * MIB, 0.25 * r.start)) {
      const kept = ct(lang, r.end - r.start > 0.5 * growth ? 'cap_o_memory_held' : 'cap_o_memory_back', { end: fmtMiB(r.end) });
      out.push(ct(lang, 'cap_o_memory', { label: ct(lang, MEMORY_LABELS[memKey]), from: fmtMiB(r.start), max: fmtMiB(r.max), kept }));
    }
  }

  const dropped = steps.find((s) => (s.errors.dropped ?? 0) > 0);
  if (dropped) out.push(ct(lang, 'cap_o_dropped', { rps: fmtPerS(dropped.targetRps), count: dropped.errors.dropped ?? 0 }));
  return out;
}
