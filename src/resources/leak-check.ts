import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { envNumber, readEnv } from '../core/env.ts';
import { ConfigError } from '../core/errors.ts';
import type { Sampler } from '../load/types.ts';
import { fmtMiB } from '../report/format.ts';
import type { ResourceSampler } from './poller.ts';
import type { ResourceReading } from './readings.ts';

const MIB = 1024 * 1024;

/** When memory left after the cool-down counts as not released. */
export interface LeakRule {
  /** Retained memory under this many bytes above the baseline is never a leak. @default 8 MiB */
  minRetainedBytes?: number;
  /** Share of the load-time growth that may remain after the cool-down. @default 0.25 */
  maxRetainedRatio?: number;
}

/** A leak-check verdict a perf test can assert (`expect(verdict).toReleaseMemory()`). */
export interface LeakVerdict {
  leaked: boolean;
  /** Which sampled value was judged: `jsMemoryBytes` (heap + external) or `heapUsedBytes` when the target exposes them, else `rssBytes`. */
  metric: string;
  /** Floor of memory before the load. */
  baselineBytes: number;
  /** Highest value during the load and the cool-down. */
  peakBytes: number;
  /** Floor of memory at the end of the cool-down. */
  endBytes: number;
  /** (end - baseline) / (peak - baseline), 0 when memory did not grow. */
  retainedRatio: number;
  /** The allowance end - baseline was compared with: max(minRetainedBytes, maxRetainedRatio × growth). */
  allowedBytes: number;
  /** Cool-down actually waited, seconds. */
  cooldownS: number;
  /** One sentence: the numbers and the rule. */
  reason: string;
}

/**
 * Memory keys the leak check judges, best first: what the JS program holds (heap used + external
 * buffers), the heap alone, then RSS (rarely shrinks in Node: the allocator keeps freed pages),
 * then host used memory.
 */
export const LEAK_METRIC_PREFERENCE = ['jsMemoryBytes', 'heapUsedBytes', 'rssBytes', 'memUsedBytes'] as const;

/** Judges baseline / peak / end with the leak rule. */
export function judgeLeak(
  input: { metric: string; baselineBytes: number; peakBytes: number; endBytes: number; cooldownS: number },
  rule: LeakRule = {},
): LeakVerdict {
  const minRetained = rule.minRetainedBytes ?? 8 * MIB;
  const maxRatio = rule.maxRetainedRatio ?? 0.25;
  const growth = Math.max(0, input.peakBytes - input.baselineBytes);
  const retained = input.endBytes - input.baselineBytes;
  const allowedBytes = Math.max(minRetained, maxRatio * growth);
  const retainedRatio = growth > 0 ? Math.max(0, retained) / growth : 0;
  const leaked = retained > allowedBytes;
  const numbers =
    `${input.metric} baseline ${fmtMiB(input.baselineBytes, 1)}, peak ${fmtMiB(input.peakBytes, 1)}, ` +
    `${fmtMiB(input.endBytes, 1)} after ${input.cooldownS.toFixed(0)} s of cool-down`;
  const rulePart = `allowed ${fmtMiB(allowedBytes, 1)} = max(${fmtMiB(minRetained, 1)}, ${Math.round(maxRatio * 100)}% of the ${fmtMiB(growth, 1)} growth)`;
  const reason = leaked
    ? `memory not released: ${numbers}, ${fmtMiB(retained, 1)} (${Math.round(retainedRatio * 100)}% of the growth) still held; ${rulePart}`
    : `memory released: ${numbers}, ${fmtMiB(Math.max(0, retained), 1)} held; ${rulePart}`;
  return { leaked, metric: input.metric, baselineBytes: input.baselineBytes, peakBytes: input.peakBytes, endBytes: input.endBytes, retainedRatio, allowedBytes, cooldownS: input.cooldownS, reason };
}

/** The preferred memory key present in the readings (see LEAK_METRIC_PREFERENCE). */
export function pickLeakMetric(readings: readonly ResourceReading[]): string | undefined {
  return LEAK_METRIC_PREFERENCE.find((k) => readings.some((r) => r.values?.[k] !== undefined));
}

function valuesOf(readings: readonly ResourceReading[], metric: string, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (const r of readings) {
    const v = r.values?.[metric];
    if (v !== undefined && r.atMs >= fromMs && r.atMs <= toMs) out.push(v);
  }
  return out;
}

/**
 * Verdict from recorded readings: baseline = floor before `loadStartMs`, peak = max from the load
 * start on, end = floor of the last `endSamples` readings. Undefined when a phase has no value.
 */
export function leakVerdictFromReadings(
  readings: readonly ResourceReading[],
  opts: { loadStartMs: number; loadEndMs: number; metric?: string; rule?: LeakRule; endSamples?: number },
): LeakVerdict | undefined {
  const metric = opts.metric ?? pickLeakMetric(readings);
  if (!metric) return undefined;
  const before = valuesOf(readings, metric, -Infinity, opts.loadStartMs);
  const during = valuesOf(readings, metric, opts.loadStartMs, Infinity);
  const after = valuesOf(readings, metric, opts.loadEndMs, Infinity);
  if (before.length === 0 || during.length === 0 || after.length === 0) return undefined;
  const tail = after.slice(-(opts.endSamples ?? 3));
  const last = readings.at(-1)?.atMs ?? opts.loadEndMs;
  return judgeLeak(
    {
      metric,
      baselineBytes: Math.min(...before),
      peakBytes: Math.max(...during, ...before),
      endBytes: Math.min(...tail),
      cooldownS: Math.max(0, (last - opts.loadEndMs) / 1000),
    },
    opts.rule,
  );
}

export interface LeakCheckOptions<T> {
  /** Memory source; started here if needed, left running (the caller stops it). */
  sampler: ResourceSampler;
  /** Runs the load; pass the given sampler view to `runLoad({ samplers: [view] })` to get resources in the timeline. */
  load: (samplerView: Sampler) => Promise<T>;
  /** Cool-down after the load, seconds. @default PERF_COOLDOWN_S or 30 */
  cooldownS?: number;
  /** Stop the cool-down early once memory is back within the allowance. @default true */
  stopWhenReleased?: boolean;
  /**
   * Seconds of sampling before the load; the baseline is their floor, so garbage left by set-up
   * traffic (logins, seeding) that the target collects meanwhile does not inflate it. @default 5
   */
  baselineS?: number;
  /** Memory key to judge. @default the first of LEAK_METRIC_PREFERENCE the sampler gives */
  metric?: string;
  rule?: LeakRule;
  signal?: AbortSignal;
}

/**
 * Records the memory baseline, runs the load, keeps sampling through the cool-down and judges
 * whether memory returned toward the baseline. Throws `ConfigError` when the sampler yields no
 * memory value at all (nothing to judge).
 */
export async function runLeakCheck<T>(opts: LeakCheckOptions<T>): Promise<{ result: T; verdict: LeakVerdict }> {
  const cooldownS = opts.cooldownS ?? leakSettingsFromEnv().cooldownS;
  const s = opts.sampler;
  await s.start();
  const baselineEnd = Date.now() + (opts.baselineS ?? 5) * 1000;
  do {
    await sleep(Math.min(500, Math.max(0, baselineEnd - Date.now())), undefined, { signal: opts.signal }).catch(() => undefined);
    await s.scrapeNow();
  } while (Date.now() < baselineEnd && !opts.signal?.aborted);
  const metric = opts.metric ?? pickLeakMetric(s.readings());
  if (!metric) {
    throw new ConfigError(
      `leak check: the sampler "${s.name}" gives no memory value (${LEAK_METRIC_PREFERENCE.join(', ')}); check PERF_METRICS_URL and its metric names`,
    );
  }
  const loadStartMs = Date.now();
  const result = await opts.load(s.borrow());
  await s.scrapeNow();
  const loadEndMs = Date.now();
  const deadline = loadEndMs + cooldownS * 1000;
  const judge = (): LeakVerdict | undefined =>
    leakVerdictFromReadings(s.readings(), { loadStartMs, loadEndMs, metric, rule: opts.rule });
  while (Date.now() < deadline && !opts.signal?.aborted) {
    await sleep(Math.min(1000, Math.max(0, deadline - Date.now())), undefined, { signal: opts.signal }).catch(() => undefined);
    await s.scrapeNow();
    if (opts.stopWhenReleased !== false && judge()?.leaked === false) break;
  }
  const verdict = judge();
  if (!verdict) {
    throw new ConfigError(`leak check: no ${metric} value was sampled during or after the load (see the sampler notes: ${s.notes().join('; ') || 'none'})`);
  }
  return { result, verdict };
}

const leakEnvSchema = z.object({
  PERF_COOLDOWN_S: envNumber({ min: 0, max: 7200 }).optional(),
  PERF_LEAK_MIN_MIB: envNumber({ min: 0 }).optional(),
  PERF_LEAK_MAX_RETAINED: envNumber({ min: 0, max: 1 }).optional(),
});

/** Leak-check settings from `.env`: `PERF_COOLDOWN_S`, `PERF_LEAK_MIN_MIB`, `PERF_LEAK_MAX_RETAINED`. */
export function leakSettingsFromEnv(env: Record<string, string | undefined> = process.env): {
  cooldownS: number;
  rule: LeakRule;
} {
  const e = readEnv(leakEnvSchema, env);
  return {
    cooldownS: e.PERF_COOLDOWN_S ?? 30,
    rule: {
      minRetainedBytes: e.PERF_LEAK_MIN_MIB === undefined ? undefined : e.PERF_LEAK_MIN_MIB * MIB,
      maxRetainedRatio: e.PERF_LEAK_MAX_RETAINED,
    },
  };
}
