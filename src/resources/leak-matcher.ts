import { expect as vitestExpect } from 'vitest';
import type { LeakVerdict } from './leak-check.ts';

interface LeakMatchers<R = unknown> {
  /**
   * Passes when a leak-check verdict says memory returned toward its pre-load level. Takes a
   * `LeakVerdict`, or a run summary carrying one in `extra.leak` (failure messages then start with
   * the run's name); a summary whose `extra.leak` is `{ skipped: true, reason }` passes.
   */
  toReleaseMemory: () => R;
}

/** What a run whose leak check was skipped (no cool-down, no memory sampler) carries in `extra.leak`. */
export interface SkippedLeakCheck {
  skipped: true;
  reason: string;
}

declare module 'vitest' {
  interface Matchers<T = any> extends LeakMatchers<T> {}
}

function isVerdict(v: unknown): v is LeakVerdict {
  return typeof v === 'object' && v !== null && typeof (v as LeakVerdict).leaked === 'boolean' && typeof (v as LeakVerdict).reason === 'string';
}

/** Plain predicate: the message to fail with when memory was not released, undefined when it was. */
export function memoryNotReleasedMessage(verdict: LeakVerdict): string | undefined {
  return verdict.leaked ? `expected memory to be released after the load: ${verdict.reason}` : undefined;
}

function isSkipped(v: unknown): v is SkippedLeakCheck {
  return typeof v === 'object' && v !== null && (v as SkippedLeakCheck).skipped === true && typeof (v as SkippedLeakCheck).reason === 'string';
}

type Judged = { pass: boolean; message: () => string };

function judgeSummary(received: { name: string; extra?: Record<string, unknown> }): Judged {
  const { name } = received;
  const leak = received.extra?.['leak'];
  if (isVerdict(leak)) {
    return {
      pass: !leak.leaked,
      message: () => (leak.leaked ? `${name}: ${leak.reason}` : `${name}: expected memory not to be released, but it was: ${leak.reason}`),
    };
  }
  if (isSkipped(leak)) return { pass: true, message: () => `${name}: leak check skipped (${leak.reason})` };
  return { pass: false, message: () => `${name}: no leak verdict on the run summary (extra.leak is missing: the run had no leak check)` };
}

function isSummary(v: unknown): v is { name: string; extra?: Record<string, unknown> } {
  return typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' && typeof (v as { requests?: unknown }).requests === 'object';
}

/** `expect(x).toReleaseMemory()` as a plain function: `x` is a `LeakVerdict` or a run summary carrying one in `extra.leak`. */
export function toReleaseMemory(received: unknown): Judged {
  if (isSummary(received)) return judgeSummary(received);
  if (!isVerdict(received)) {
    return { pass: false, message: () => 'toReleaseMemory() expects a LeakVerdict from runLeakCheck() or a run summary with extra.leak' };
  }
  return {
    pass: !received.leaked,
    message: () =>
      received.leaked
        ? `expected memory to be released after the load: ${received.reason}`
        : `expected memory not to be released, but it was: ${received.reason}`,
  };
}

/** Registers `expect(verdict).toReleaseMemory()`; call it once from a vitest setup file. */
export function registerLeakMatchers(expect: typeof vitestExpect = vitestExpect): void {
  expect.extend({ toReleaseMemory });
}
