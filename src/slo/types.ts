/** Bounds on a latency distribution, in ms (`p95: 200` means p95 < 200 ms). */
export interface LatencyBounds {
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  max?: number;
}

/** A service-level objective judged on a run summary. Validated with zod (`sloSchema`). */
export interface Slo {
  latencyMs?: LatencyBounds;
  /** Bounds on time to first token: the first event carrying answer content (SSE runs). */
  ttftMs?: LatencyBounds;
  /** Bounds on time per output token: (end − TTFT) / (content events − 1) per stream (SSE runs). */
  tpotMs?: LatencyBounds;
  /**
   * Goodput: the per-request bounds an iteration must meet all at once to count as good, and the
   * share of scheduled iterations that must be good (`minRatio`, at least). Measured during the run.
   */
  goodput?: GoodputBounds;
  /** (failed + dropped) / scheduled must be below this. @default 0.01 (`DEFAULT_MAX_ERROR_RATE`: every SLO bounds errors) */
  errorRate?: number;
  /** achievedRps (iterations completed ok per second) / targetRps must be at least this. */
  minRateRatio?: number;
  /** SSE: completed / (completed + aborted) must be at least this. */
  minStreamCompletion?: number;
  /** Bounds on sampled target resources, e.g. `{ cpuPercent: 80 }` for max of the timeline. */
  resources?: Record<string, number>;
}

/** Per-request bounds of goodput (each strict, in ms) and the share of good iterations required. */
export interface GoodputBounds {
  /** TTFT of each measured stream must be below this; a stream without content fails it. */
  ttftMs?: number;
  /** TPOT of each measured stream with two content events or more must be below this. */
  tpotMs?: number;
  /** Latency of each measured request must be below this. */
  latencyMs?: number;
  /** Good iterations / scheduled iterations must be at least this; without it goodput is reported, not judged. */
  minRatio?: number;
}

/** Bounds of one step of a flow (the SLO of the endpoint it calls), judged on its own requests in the judged window. */
export interface StepSlo {
  latencyMs?: LatencyBounds;
  /** Failed / requests of the step must be below this. */
  errorRate?: number;
}
