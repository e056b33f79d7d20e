/** Sliding window of per-second iteration counts for abort-on-fail. */
export class AbortWindow {
  private readonly total: number[] = [];
  private readonly failed: number[] = [];

  constructor(
    private readonly windowS: number,
    private readonly maxErrorRate: number,
    private readonly minRequests: number,
  ) {}

  /** Adds a closed second; returns a reason when the window's error rate is above the bound. */
  push(completedOrDropped: number, failedOrDropped: number): string | undefined {
    this.total.push(completedOrDropped);
    this.failed.push(failedOrDropped);
    if (this.total.length > this.windowS) {
      this.total.shift();
      this.failed.shift();
    }
    let t = 0;
    let f = 0;
    for (let i = 0; i < this.total.length; i++) {
      t += this.total[i]!;
      f += this.failed[i]!;
    }
    if (t < this.minRequests || t === 0) return undefined;
    const rate = f / t;
    if (rate <= this.maxErrorRate) return undefined;
    const pct = (v: number): string => `${Math.round(v * 1000) / 10}%`;
    return `abort-on-fail: error rate ${pct(rate)} (${f} of ${t}) over the last ${this.total.length} s exceeded ${pct(this.maxErrorRate)}`;
  }
}
