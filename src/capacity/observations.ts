import type { ErrorKind } from '../core/outcome.ts';
import { LEAK_METRIC_PREFERENCE } from '../resources/leak-check.ts';
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
}

const ms = (v: number): string => (v >= 100 ? `${Math.round(v)} ms` : `${v.toPrecision(2)} ms`);
const rate = (v: number): string => `${Number(v.toFixed(1))}/s`;
const mib = (v: number): string => `${Math.round(v / MIB)} MiB`;

function errorList(errors: Partial<Record<ErrorKind, number>>): string {
  return Object.entries(errors)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}

const MEMORY_LABELS: Record<(typeof LEAK_METRIC_PREFERENCE)[number], string> = {
  jsMemoryBytes: 'memory held by JS (heap + buffers)',
  heapUsedBytes: 'heap used',
  rssBytes: 'RSS',
  memUsedBytes: 'host memory used',
};

const SATURATION_KEYS: Record<string, string> = {
  cpuPercent: 'CPU',
  hostCpuPercent: 'host CPU',
  memUsedPercent: 'host memory',
};

/**
 * Key observations of a search, as sentences: first error kinds and at what rate, latency growth,
 * resource saturation (CPU or memory ≥ 80%) and memory growth.
 */
export function capacityObservations(input: ObservationInput): string[] {
  const out: string[] = [];
  const steps = input.steps.filter((s) => s.generatorValid).sort((a, b) => a.targetRps - b.targetRps);
  const limit = input.saturationPercent ?? 80;

  const firstErr = steps.find((s) => errorList(s.errors) !== '');
  if (firstErr) {
    out.push(`first errors at ${rate(firstErr.targetRps)}: ${errorList(firstErr.errors)} (${(firstErr.errorRate * 100).toFixed(2)}% of requests)`);
  } else if (steps.length > 0) {
    out.push(`no errors up to ${rate(steps[steps.length - 1]!.targetRps)}`);
  }

  const base = input.unloadedP95Ms;
  const stable = steps.find((s) => s.targetRps === input.maxStableRps);
  if (stable && base > 0) {
    out.push(`p95 ${ms(stable.p95)} at the maximum stable ${rate(stable.targetRps)}, ${(stable.p95 / base).toFixed(1)}× the unloaded ${ms(base)}`);
  }
  const top = steps[steps.length - 1];
  if (top && top !== stable && base > 0 && top.p95 > 0) {
    out.push(`p95 ${ms(top.p95)} at ${rate(top.targetRps)} (${(top.p95 / base).toFixed(1)}× unloaded)`);
  }

  for (const [key, label] of Object.entries(SATURATION_KEYS)) {
    const hit = steps.find((s) => (s.resources?.[key]?.max ?? -1) >= limit);
    if (hit) out.push(`${label} reached ${Math.round(hit.resources![key]!.max)}% at ${rate(hit.targetRps)} (≥ ${limit}%)`);
  }

  const memKey = LEAK_METRIC_PREFERENCE.find((k) => input.resources?.[k]);
  const r = memKey ? input.resources?.[memKey] : undefined;
  if (memKey && r) {
    const growth = r.max - r.start;
    if (growth > Math.max(32 * MIB, 0.25 * r.start)) {
      const kept = r.end - r.start > 0.5 * growth ? `, still ${mib(r.end)} at the end` : `, back to ${mib(r.end)} at the end`;
      out.push(`${MEMORY_LABELS[memKey]} grew from ${mib(r.start)} to ${mib(r.max)} during the search${kept}`);
    }
  }

  const dropped = steps.find((s) => (s.errors.dropped ?? 0) > 0);
  if (dropped) out.push(`iterations dropped by the in-flight cap from ${rate(dropped.targetRps)} (${dropped.errors.dropped})`);
  return out;
}
