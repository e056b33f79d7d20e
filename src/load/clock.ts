/** The run's time frame on the `performance.now()` clock, ms. */
export interface RunClock {
  /** Warm-up start. */
  t0: number;
  /** Recording start (end of warm-up). */
  recStartMs: number;
  /** End of the last stage. */
  endMs: number;
}
