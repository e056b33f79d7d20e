import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { repeatOrOne } from './repeat.ts';

/**
 * Vitest sequencer: with `PERF_REPEAT=N`, the perf project's files run N times, interleaved
 * (A B A B, never A A B B), so that a slow minute of the machine does not land on one pass only.
 * Other projects' files keep vitest's order and run once.
 */
export class RepeatSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const n = repeatOrOne(process.env);
    const perf = sorted.filter(isPerfSpec);
    if (n <= 1 || perf.length === 0) return sorted;
    return [...sorted.filter((s) => !isPerfSpec(s)), ...interleave(perf, n)];
  }
}

function isPerfSpec(s: TestSpecification): boolean {
  return s.project.name === 'perf' || /\.perf\.[cm]?[jt]s$/.test(s.moduleId);
}

/** `n` passes over `items`, one after the other: [a, b] × 2 → [a, b, a, b]. */
export function interleave<T>(items: readonly T[], n: number): T[] {
  return Array.from({ length: n }, () => items).flat();
}

