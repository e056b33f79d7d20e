import type { ErrorKind } from '../core/outcome.ts';
import type { TimelineEntry } from '../result/types.ts';
import { createHistogram, encodeHistogram, recordMs, valueAtPercentile } from './histogram.ts';
import { round3 } from '../core/round.ts';


/**
 * Per-second timeline. Events are attributed to the second they happen in (sent when
 * dispatched, ok/failed when the iteration ends, dropped when it could not start). One
 * histogram per measure is reused for every second, so memory stays flat; entries are the only
 * growth: one small object per second, plus that second's encoded latency (and TTFT) histogram
 * when it recorded any, so shards can be merged per second exactly (a few hundred bytes each).
 */
export class Timeline {
  readonly entries: TimelineEntry[] = [];
  private sec = 0;
  private sent = 0;
  private ok = 0;
  private failed = 0;
  private dropped = 0;
  private errors: Partial<Record<ErrorKind, number>> = {};
  private readonly hist = createHistogram();
  private readonly ttft = createHistogram();
  /** Good iterations of the open second; -1 when the run judges no goodput. */
  private good = -1;

  /** The second currently open. */
  get current(): number {
    return this.sec;
  }

  /** Counts in the open second so far. */
  get openCounts(): { sent: number; ok: number; failed: number } {
    return { sent: this.sent, ok: this.ok, failed: this.failed };
  }

  onSent(): void {
    this.sent++;
  }

  /** A request of this second that ended ok (failed ones stay out of the percentiles, as in the headline). */
  onLatency(ms: number): void {
    recordMs(this.hist, ms);
  }

  /** Every entry from now on carries `goodput` (0 in a second where no iteration was good). */
  countGoodput(): void {
    if (this.good < 0) this.good = 0;
  }

  /** TTFT (first content) of a measured stream that ended in this second. */
  onTtft(ms: number): void {
    recordMs(this.ttft, ms);
  }

  /** `good`: whether it met the goodput bounds (undefined when the run has none). */
  onIteration(kind: ErrorKind | undefined, good?: boolean): void {
    if (good !== undefined) {
      if (this.good < 0) this.good = 0;
      if (good) this.good++;
    }
    if (kind === undefined) this.ok++;
    else {
      this.failed++;
      this.errors[kind] = (this.errors[kind] ?? 0) + 1;
    }
  }

  onDropped(): void {
    this.dropped++;
    this.failed++;
    this.errors.dropped = (this.errors.dropped ?? 0) + 1;
  }

  /** Closes the open second and opens the next one. */
  close(targetRps: number, inFlight: number, resources?: Record<string, number>): TimelineEntry {
    const h = this.hist;
    const entry: TimelineEntry = {
      t: this.sec,
      targetRps: round3(targetRps),
      sent: this.sent,
      ok: this.ok,
      failed: this.failed,
      dropped: this.dropped,
      errors: this.errors,
      inFlight,
      p50: valueAtPercentile(h, 50) / 1000,
      p95: valueAtPercentile(h, 95) / 1000,
      p99: valueAtPercentile(h, 99) / 1000,
    };
    if (h.totalCount > 0 || this.ttft.totalCount > 0) {
      entry.histograms = {};
      if (h.totalCount > 0) entry.histograms.latency = encodeHistogram(h);
      if (this.ttft.totalCount > 0) entry.histograms.ttft = encodeHistogram(this.ttft);
    }
    if (this.ttft.totalCount > 0) entry.ttftP95 = valueAtPercentile(this.ttft, 95) / 1000;
    if (this.good >= 0) entry.goodput = this.good;
    if (resources !== undefined) entry.resources = resources;
    this.entries.push(entry);
    this.sec++;
    this.sent = this.ok = this.failed = this.dropped = 0;
    this.errors = {};
    h.reset();
    this.ttft.reset();
    if (this.good > 0) this.good = 0;
    return entry;
  }

  destroy(): void {
    this.hist.destroy();
    this.ttft.destroy();
  }
}
