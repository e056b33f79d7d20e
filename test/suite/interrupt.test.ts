import { describe, expect, it } from 'vitest';
import { InterruptedError, isInterruption } from '../../src/core/errors.ts';
import { interruptibleSignal } from '../../src/suite/interrupt.ts';

/** What vitest aborts a test's signal with when the run is cancelled (`@vitest/runner`). */
class TestRunAbortError extends Error {
  override name = 'TestRunAbortError';
  constructor(readonly reason: string) {
    super('The test run was aborted by the user.');
  }
}

function abortedWith(reason: unknown): AbortSignal {
  const test = new AbortController();
  const signal = interruptibleSignal(test.signal);
  test.abort(reason);
  return signal;
}

describe('interruptibleSignal (a perf test run in a vitest worker)', () => {
  it('a run cancelled on SIGTERM aborts with an InterruptedError naming the signal (exit 143)', () => {
    const s = abortedWith(new TestRunAbortError('SIGTERM'));
    expect(s.aborted).toBe(true);
    expect(isInterruption(s.reason)).toBe(true);
    expect((s.reason as InterruptedError).message).toBe('interrupted by SIGTERM');
    expect((s.reason as InterruptedError).exitCode).toBe(143);
  });

  it('a run cancelled from the keyboard is an interruption too', () => {
    const s = abortedWith(new TestRunAbortError('keyboard-input'));
    expect(isInterruption(s.reason)).toBe(true);
    expect((s.reason as Error).message).toBe('interrupted (the test run was cancelled)');
  });

  it('bail after a failed test and a test timeout are no interruption: their reason passes through', () => {
    const bail = new TestRunAbortError('test-failure');
    expect(abortedWith(bail).reason).toBe(bail);
    const timeout = new Error('Test timed out in 5000ms.');
    expect(abortedWith(timeout).reason).toBe(timeout);
    expect(isInterruption(timeout)).toBe(false);
  });

  it('an already aborted test signal aborts at once; none leaves it open', () => {
    const done = new AbortController();
    done.abort(new TestRunAbortError('SIGINT'));
    expect(isInterruption(interruptibleSignal(done.signal).reason)).toBe(true);
    expect(interruptibleSignal(undefined).aborted).toBe(false);
  });
});
