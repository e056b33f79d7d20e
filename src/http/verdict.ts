import type { ErrorKind } from '../core/outcome.ts';
import { describeError } from './classify.ts';
import type { CheckVerdict, SseEvent } from './types.ts';

/** How a check's verdict fails an exchange; `apiCode` is set for an `api_error`. */
export interface CheckFailure {
  kind: ErrorKind;
  message: string;
  apiCode?: string;
}

/** Runs a scenario's check, whose throw is a verdict (`<label> threw: ...`), never an exception. */
export function runCheck<T>(check: (input: T) => CheckVerdict, input: T, label: string): CheckVerdict {
  try {
    return check(input);
  } catch (err) {
    return `${label} threw: ${describeError(err)}`;
  }
}

/**
 * A verdict as a failure: a reason is `invalid_body`, an api error `api_error` with its code;
 * anything else passes. `where` prefixes the message (`event 3 `).
 */
export function checkFailure(verdict: CheckVerdict, where: string): CheckFailure | undefined {
  if (typeof verdict === 'string') return { kind: 'invalid_body', message: where ? `${where}rejected: ${verdict}` : verdict };
  if (verdict === null || typeof verdict !== 'object') return undefined;
  const apiCode = typeof verdict.apiCode === 'string' && verdict.apiCode !== '' ? verdict.apiCode : '(no code)';
  const message = typeof verdict.message === 'string' && verdict.message !== '' ? `: ${verdict.message}` : '';
  return { kind: 'api_error', message: `${where}api error code ${apiCode}${message}`, apiCode };
}

/** Whether a scenario's recogniser accepts `e`; a throwing one does not. */
export function recognises(fn: (e: SseEvent) => boolean, e: SseEvent): boolean {
  try {
    return fn(e) === true;
  } catch {
    return false;
  }
}
