import { expect } from 'vitest';
import type { RunSummary, SloResult } from '../result/types.ts';
import { evaluateSlo } from './evaluate.ts';
import { formatSloResult } from './format.ts';
import { parseSlo } from './schema.ts';
import type { Slo } from './types.ts';

export interface SloMatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

function asSummary(received: unknown, matcher: string): RunSummary {
  const s = received as Partial<RunSummary> | null;
  if (
    typeof s !== 'object' || s === null || typeof s.name !== 'string' || typeof s.requests !== 'object' ||
    typeof s.latencyMs !== 'object' || typeof s.generator !== 'object'
  ) {
    const kind = s === null ? 'null' : Array.isArray(s) ? 'array' : typeof s;
    throw new TypeError(`${matcher}: expected a RunSummary (the result of runLoad), received ${kind}`);
  }
  return s as RunSummary;
}

function positive(value: unknown, matcher: string, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${matcher}: ${what} must be a positive number, received ${String(value)}`);
  }
  return value;
}

function indent(lines: string[]): string {
  return lines.map((l) => `  ${l}`).join('\n');
}

function judged(summary: RunSummary, result: SloResult, expectation: string): SloMatcherResult {
  const name = summary.name;
  const total = result.checks.length;
  const failed = result.checks.filter((c) => !c.passed).length;
  const message = result.passed
    ? () => `expected ${name} not to ${expectation}, but all ${total} checks passed:\n${indent(formatSloResult(result, name))}`
    : () =>
        `expected ${name} to ${expectation}, ${failed} of ${total} checks failed:\n` +
        indent(formatSloResult(result, name, { onlyFailed: true }));
  return { pass: result.passed, message, actual: result.checks, expected: expectation };
}

/**
 * `expect(summary).toMeetSlo(slo)`: every check of `evaluateSlo` passes (generator health included).
 * `expect(summary).toMeetSlo()`: the SLO the run itself judged (`summary.slo`, from `runLoad`'s
 * `slo` option) passed; it is not evaluated again.
 */
export function toMeetSlo(received: unknown, slo?: Slo): SloMatcherResult {
  const summary = asSummary(received, 'toMeetSlo');
  if (slo === undefined) {
    if (summary.slo == null) {
      return { pass: false, message: () => `${summary.name}: the run summary carries no SLO result (runLoad had no \`slo\`): pass one, toMeetSlo(slo)` };
    }
    return judged(summary, summary.slo, 'meet its SLO');
  }
  const valid = parseSlo(slo, 'toMeetSlo');
  return judged(summary, evaluateSlo(summary, valid), 'meet its SLO');
}

/** `expect(summary).toHaveP95Below(ms)`: enough samples, p95 latency strictly below `ms`, generator healthy. */
export function toHaveP95Below(received: unknown, ms: number): SloMatcherResult {
  const summary = asSummary(received, 'toHaveP95Below');
  const bound = positive(ms, 'toHaveP95Below', 'the bound in ms');
  return judged(summary, evaluateSlo(summary, { latencyMs: { p95: bound } }), `have p95 latency below ${bound} ms`);
}

/** `expect(summary).toHaveErrorRateBelow(ratio)`: requests were scheduled and (failed + dropped) / scheduled < ratio, generator healthy. */
export function toHaveErrorRateBelow(received: unknown, ratio: number): SloMatcherResult {
  const summary = asSummary(received, 'toHaveErrorRateBelow');
  const bound = positive(ratio, 'toHaveErrorRateBelow', 'the ratio');
  if (bound > 1) throw new TypeError(`toHaveErrorRateBelow: the ratio must be at most 1, received ${bound}`);
  return judged(summary, evaluateSlo(summary, { errorRate: bound }), `have an error rate below ${bound}`);
}

/** The matchers, keyed as `expect.extend` wants them. */
export const sloMatchers = { toMeetSlo, toHaveP95Below, toHaveErrorRateBelow };

/** Registers the SLO matchers on vitest's `expect` (called by perf/setup.ts). Idempotent. */
export function registerMatchers(): void {
  expect.extend(sloMatchers);
}

interface SloMatchers<R = unknown> {
  /**
   * Every SLO check passes: latency/TTFT bounds with enough samples, error rate, rate ratio,
   * generator healthy. Without `slo`, the result the run judged (`summary.slo`) is checked as is.
   */
  toMeetSlo(slo?: Slo): R;
  /** p95 latency strictly below `ms` (needs at least 20 samples). */
  toHaveP95Below(ms: number): R;
  /** (failed + dropped) / scheduled strictly below `ratio`; fails when nothing was scheduled. */
  toHaveErrorRateBelow(ratio: number): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends SloMatchers<T> {}
  interface AsymmetricMatchersContaining extends SloMatchers {}
}
