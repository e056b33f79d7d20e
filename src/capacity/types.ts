import type { ArrivalsSummary } from '../load/arrivals.ts';
import type { ErrorKind } from '../core/outcome.ts';

/** One held rate of a capacity search, as written to capacity.json (latencies in ms). */
export interface CapacityStep {
  targetRps: number;
  /** Iterations completed ok per second during the hold (goodput: what the target delivered). */
  achievedRps: number;
  /** Iterations sent per second of the hold (the engine's `throughput.sentRps`). */
  sentRps: number;
  /** Latency percentiles of the ok requests; NaN (`null` in capacity.json) when none succeeded. */
  p50: number;
  p95: number;
  p99: number;
  /** (failed + dropped) / scheduled over the hold. */
  errorRate: number;
  /** SLO met, errors under the bound, achieved ≥ the rate ratio of the target, generator valid. */
  passed: boolean;
  /** `search` for the upward steps, `refine` for the bisection between last good and first bad. */
  phase: 'search' | 'refine';
  /** False when the load generator fell behind: this step says nothing about the target. */
  generatorValid: boolean;
  /** Why the step did not pass, one short phrase per failed check. */
  failures: string[];
  /** Error kinds counted during the hold. */
  errors: Partial<Record<ErrorKind, number>>;
  /** Judged hold of the step, s: long enough for the SLO's percentiles at this rate (up to the search's cap). */
  holdS?: number;
  /** SLO bounds this step could not measure even at the longest hold (e.g. `latency.p99` at 0.5/s): decided from its lower percentiles and max, else the step is not stable. */
  skippedBounds?: string[];
  /** Goodput of the hold (when the SLO has goodput bounds): good iterations / scheduled. */
  goodputRatio?: number;
  /** Good iterations per second of the hold. */
  goodputRps?: number;
  /** Sampled target resources over the hold (`cpuPercent`, `rssBytes`, ...): max and mean. */
  resources?: Record<string, { max: number; mean: number }>;
}

/** Why the search ended. */
export type CapacityStop =
  /** A step failed and the refinement finished: the limit is the target's. */
  | 'target-limit'
  /** Every step up to `maxRps` passed. */
  | 'max-reached'
  /** Every rate failed, from the start rate down to the lowest tried (1/s by default). */
  | 'start-failed'
  /** The generator could not keep the rate: the limit is the generator's, not the target's. */
  | 'generator-limit'
  /** Stopped by a signal (Ctrl-C). */
  | 'aborted';

/** The result of a capacity search for one endpoint (the `capacity` entry of the report). */
export interface CapacityResult {
  endpoint: string;
  /** `METHOD /path` or the URL searched (without credentials). */
  route: string;
  /** Steps in the order they ran. */
  steps: CapacityStep[];
  /** Highest rate that passed (every lower searched rate passed too); null when none did. */
  maxStableRps: number | null;
  /** First rate whose p95 exceeded `degradationP95Ms` (k × the unloaded p95); null when not reached. */
  degradationRps: number | null;
  /** Latency of sequential iterations before the search (a bounded count, at most `maxRps` a second). */
  unloadedP50Ms: number;
  unloadedP95Ms: number;
  unloadedSamples: number;
  /** The degradation factor k and the p95 bound: max(k × unloaded p95, unloaded p95 + floor). */
  k: number;
  degradationP95Ms: number;
  stoppedBy: CapacityStop;
  /** One sentence: the maximum stable rate and what limited it. */
  verdict: string;
  /** Key observations: first errors and at what rate, latency growth, resource saturation. */
  observations: string[];
  /** Caveats: degradation not reached, resource gaps, unloaded probe failures. */
  notes: string[];
  /** Resource stats over the whole search (start, end, min, max, mean per key), when sampled. */
  resources?: Record<string, { start: number; end: number; min: number; max: number; mean: number }>;
  /** Present when the search maximised goodput (`maximize: 'goodput'`): `maxStableRps` is then the highest rate whose goodput ratio met its bound. */
  maximize?: 'goodput';
  /** Highest goodput seen (good iterations/s) over the steps whose generator kept up; null when none measured it. */
  maxGoodputRps?: number | null;
  /** How each step's iterations arrived and the seed they drew from (absent: constant). */
  arrivals?: ArrivalsSummary;
  startedAt: string;
  durationS: number;
}
