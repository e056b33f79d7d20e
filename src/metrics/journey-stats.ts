import type { ErrorKind } from '../core/outcome.ts';
import type { JourneySummary } from '../result/types.ts';
import { createHistogram, digest, recordMs, type Histogram } from './histogram.ts';

interface Counts {
  started: number;
  completed: number;
  ok: number;
  failed: number;
  errors: Partial<Record<ErrorKind, number>>;
  /** Journeys that ended ok, from their user's arrival (intended start) to the end of their last step. */
  duration: Histogram;
}

/** Whole-journey figures of the judged window: users that drew each journey, and how long the ones that ended ok took. */
export class JourneyStats {
  private readonly counts: Counts[];

  constructor(private readonly names: readonly string[], private readonly weights: readonly number[]) {
    this.counts = names.map(() => ({ started: 0, completed: 0, ok: 0, failed: 0, errors: {}, duration: createHistogram() }));
  }

  start(index: number): void {
    this.counts[index]!.started++;
  }

  end(index: number, kind: ErrorKind | undefined, durationMs: number): void {
    const c = this.counts[index]!;
    c.completed++;
    if (kind === undefined) {
      c.ok++;
      recordMs(c.duration, durationMs);
    } else {
      c.failed++;
      c.errors[kind] = (c.errors[kind] ?? 0) + 1;
    }
  }

  summary(): Record<string, JourneySummary> {
    const total = this.weights.reduce((a, w) => a + w, 0);
    const out: Record<string, JourneySummary> = {};
    this.names.forEach((name, i) => {
      const c = this.counts[i]!;
      out[name] = {
        weight: this.weights[i]!,
        share: total > 0 ? this.weights[i]! / total : 0,
        started: c.started,
        completed: c.completed,
        ok: c.ok,
        failed: c.failed,
        errors: { ...c.errors },
        durationMs: digest(c.duration),
      };
    });
    return out;
  }

  destroy(): void {
    for (const c of this.counts) c.duration.destroy();
  }
}
