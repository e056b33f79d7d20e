import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { TargetUnreachableError } from '../core/errors.ts';
import type { Prober } from './probe.ts';

export interface UnloadedOptions {
  /** Time budget of the measured phase, ms: it ends once this has passed and `iterations` were measured. @default 2000 */
  timeMs?: number;
  /** Measured iterations wanted at least (the time budget alone does not end the phase before them). @default 20 */
  iterations?: number;
  /** Most measured iterations: with the warm-up, the bound on the iterations sent. @default 50 */
  maxIterations?: number;
  /** Warm-up iterations, not measured. @default 3 */
  warmupIterations?: number;
  /** Most iterations started per second (the search's highest rate, `--max`). @default no limit */
  maxRatePerS?: number;
  /** Hard cap on the whole measurement (slow endpoints), ms. @default 15000 */
  maxTotalMs?: number;
  signal?: AbortSignal;
}

/** What the unloaded measurement may send: printed before it starts. */
export interface UnloadedPlan {
  /** Most iterations sent, warm-up included. */
  maxIterations: number;
  warmupIterations: number;
  /** Most iterations started per second; Infinity when unbounded. */
  maxRatePerS: number;
  maxTotalS: number;
}

/** The bounds of a measurement with `opts`. */
export function unloadedPlan(opts: UnloadedOptions = {}): UnloadedPlan {
  const warmupIterations = opts.warmupIterations ?? 3;
  return {
    maxIterations: warmupIterations + Math.max(1, opts.maxIterations ?? 50, opts.iterations ?? 20),
    warmupIterations,
    maxRatePerS: opts.maxRatePerS ?? Infinity,
    maxTotalS: (opts.maxTotalMs ?? 15_000) / 1000,
  };
}

export interface UnloadedLatency {
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  samples: number;
  failures: number;
  /** The first failure seen, for messages. */
  firstError?: string;
}

/** Every unloaded iteration failed although the target answered (HTTP errors, broken bodies): it is there, but no rate can be stable. */
export class UnloadedFailedError extends TargetUnreachableError {
  constructor(
    message: string,
    readonly failures: number,
    readonly firstError: string | undefined,
  ) {
    super(message);
    this.name = 'UnloadedFailedError';
  }
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * The endpoint's latency without load: sequential iterations (warm-up first, not measured), each
 * sample the iteration's own latency as the engine times it. Bounded: at most
 * `unloadedPlan(opts).maxIterations` iterations, started at most `maxRatePerS` a second, within
 * `maxTotalMs`. Throws `TargetUnreachableError` when no iteration succeeds: the target does not answer.
 */
export async function measureUnloaded(prober: Prober, target: string, opts: UnloadedOptions = {}): Promise<UnloadedLatency> {
  const plan = unloadedPlan(opts);
  const latencies: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  let answered = false;
  const signal = AbortSignal.any([AbortSignal.timeout(plan.maxTotalS * 1000), ...(opts.signal ? [opts.signal] : [])]);
  const spacingMs = Number.isFinite(plan.maxRatePerS) && plan.maxRatePerS > 0 ? 1000 / plan.maxRatePerS : 0;
  const timeMs = opts.timeMs ?? 2000;
  const wanted = opts.iterations ?? 20;
  let measuredFrom = 0;
  let lastStart = -Infinity;
  for (let i = 0; i < plan.maxIterations && !signal.aborted; i++) {
    const measuring = i >= plan.warmupIterations;
    if (measuring && i === plan.warmupIterations) measuredFrom = performance.now();
    if (measuring && latencies.length >= wanted && performance.now() - measuredFrom >= timeMs) break;
    const waitMs = lastStart + spacingMs - performance.now();
    if (waitMs > 0) await sleep(waitMs, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) break;
    lastStart = performance.now();
    const r = await prober.run(signal);
    if (r.answered) answered = true;
    if (r.ok) {
      if (measuring) latencies.push(r.latencyMs);
    } else {
      failures++;
      firstError ??= r.error;
      if (failures >= 5 && latencies.length === 0) break;
    }
  }
  if (latencies.length === 0 && answered) {
    throw new UnloadedFailedError(
      `target ${target} answered every request with an error before the search: ${failures} of ${failures} failed${firstError ? ` (${firstError})` : ''}`,
      failures,
      firstError,
    );
  }
  if (latencies.length === 0) {
    throw new TargetUnreachableError(
      `target ${target} did not answer before the search: ${failures} request(s) failed${firstError ? ` (${firstError})` : ''}`,
    );
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50Ms: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    samples: sorted.length,
    failures,
    ...(firstError ? { firstError } : {}),
  };
}
