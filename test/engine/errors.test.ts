import { describe, expect, it } from 'vitest';
import { ERROR_CODES, PerfError, RequestTimeoutError, RunEndedError, isPerfError } from '../../src/core/errors.ts';
import { classifyError } from '../../src/http/classify.ts';
import { SimulatorError } from '../../sim/errors.ts';

describe('error family', () => {
  it("the engine's own request deadline and end-of-run cut are PerfErrors with stable codes", () => {
    const timeout = new RequestTimeoutError(150);
    expect(timeout).toBeInstanceOf(PerfError);
    expect([timeout.code, timeout.name, timeout.message]).toEqual(['PERF_ERR_TIMEOUT', 'RequestTimeoutError', 'no complete response within 150 ms']);
    expect(classifyError(timeout, false)).toBe('timeout');
    expect(classifyError(new Error('aborted', { cause: timeout }), false)).toBe('timeout');
    const cut = new RunEndedError();
    expect(isPerfError(cut) && cut.code).toBe('PERF_ERR_RUN_ENDED');
    expect(Object.values(ERROR_CODES).every((c) => c.startsWith('PERF_ERR_'))).toBe(true);
  });

  it("the simulator's errors are its own, outside the engine's family", () => {
    const err = new SimulatorError('port: cannot listen');
    expect(isPerfError(err)).toBe(false);
    expect([err.name, err.code]).toEqual(['SimulatorError', 'SIM_ERR']);
    expect(Object.values(ERROR_CODES)).not.toContain('PERF_ERR_SIM');
  });
});
