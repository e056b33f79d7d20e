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
  /** Bounds on time to first token (SSE runs). */
  ttftMs?: LatencyBounds;
  /** (failed + dropped) / scheduled must be below this. @default 0.01 (`DEFAULT_MAX_ERROR_RATE`: every SLO bounds errors) */
  errorRate?: number;
  /** achievedRps (iterations completed ok per second) / targetRps must be at least this. */
  minRateRatio?: number;
  /** SSE: completed / (completed + aborted) must be at least this. */
  minStreamCompletion?: number;
  /** Bounds on sampled target resources, e.g. `{ cpuPercent: 80 }` for max of the timeline. */
  resources?: Record<string, number>;
}
