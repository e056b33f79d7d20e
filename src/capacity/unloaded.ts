import { Bench } from 'tinybench';
import { TargetUnreachableError } from '../core/errors.ts';
import type { Prober } from './probe.ts';

export interface UnloadedOptions {
  /** Time budget of the measured phase. @default 2000 */
  timeMs?: number;
  /** Minimum measured iterations (tinybench keeps going until both limits are met). @default 20 */
  iterations?: number;
  /** Warm-up iterations, not measured. @default 3 */
  warmupIterations?: number;
  /** Hard cap on the whole measurement (slow endpoints). @default 15000 */
  maxTotalMs?: number;
  signal?: AbortSignal;
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
 * The endpoint's latency without load: sequential iterations measured with tinybench (warm-up
 * included), each sample the iteration's own latency as the engine times it. Throws
 * `TargetUnreachableError` when no iteration succeeds: the target does not answer.
 */
export async function measureUnloaded(prober: Prober, target: string, opts: UnloadedOptions = {}): Promise<UnloadedLatency> {
  const latencies: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  let answered = false;
  let measuring = false;
  const limit = AbortSignal.timeout(opts.maxTotalMs ?? 15_000);
  const hopeless = new AbortController();
  const signal = AbortSignal.any([limit, hopeless.signal, ...(opts.signal ? [opts.signal] : [])]);
  const bench = new Bench({
    name: 'unloaded',
    time: opts.timeMs ?? 2000,
    iterations: opts.iterations ?? 20,
    warmup: true,
    warmupIterations: opts.warmupIterations ?? 3,
    warmupTime: 0,
    throws: false,
    signal,
  });
  bench.add('unloaded', async () => {
    const r = await prober.run(signal);
    if (r.answered) answered = true;
    if (r.ok) {
      if (measuring) latencies.push(r.latencyMs);
    } else {
      failures++;
      firstError ??= r.error;
      if (failures >= 5 && latencies.length === 0) hopeless.abort();
    }
    return { overriddenDuration: r.latencyMs };
  }, {
    beforeAll(mode) {
      measuring = mode === 'run';
    },
  });
  await bench.run();
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
