import { constants as osConstants } from 'node:os';

/** Stable error codes, undici `UND_ERR_*` style. Match on `code`, never on the message. */
export const ERROR_CODES = {
  /** Options, flags, `.env` or a config file are invalid. */
  config: 'PERF_ERR_CONFIG',
  /** The target could not be reached before load started. */
  unreachable: 'PERF_ERR_TARGET_UNREACHABLE',
  /** The target answered set-up traffic (login, seeding) with something unusable. */
  setup: 'PERF_ERR_SETUP',
  /** A results file or folder could not be read or written. */
  results: 'PERF_ERR_RESULTS',
  /** The run was interrupted (SIGINT, SIGTERM, a cancelled test run), not ended by the target. */
  interrupted: 'PERF_ERR_INTERRUPTED',
  /** A request passed the engine's own deadline (`timeoutMs`); counted as a `timeout` outcome. */
  timeout: 'PERF_ERR_TIMEOUT',
  /** A request still in flight was cut when its run ended; counted in `cutOff`. */
  runEnded: 'PERF_ERR_RUN_ENDED',
} as const;
export type PerfErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Base of the typed error family. */
export class PerfError extends Error {
  readonly code: PerfErrorCode;
  constructor(code: PerfErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PerfError';
    this.code = code;
  }
}

export class ConfigError extends PerfError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.config, message, options);
    this.name = 'ConfigError';
  }
}

export class TargetUnreachableError extends PerfError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.unreachable, message, options);
    this.name = 'TargetUnreachableError';
  }
}

export class SetupError extends PerfError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.setup, message, options);
    this.name = 'SetupError';
  }
}

export class ResultsError extends PerfError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.results, message, options);
    this.name = 'ResultsError';
  }
}

/**
 * The reason an interrupted run was aborted with: pass it to `AbortController.abort()` and the
 * run summary says `interrupted: true` (the target is not blamed). `exitCode` is 128 + the signal
 * number (130 for SIGINT, 143 for SIGTERM), the shell convention.
 */
export class InterruptedError extends PerfError {
  readonly signal: NodeJS.Signals;
  readonly exitCode: number;
  constructor(signal: NodeJS.Signals, message = `interrupted by ${signal}`, options?: { cause?: unknown }) {
    super(ERROR_CODES.interrupted, message, options);
    this.name = 'InterruptedError';
    this.signal = signal;
    this.exitCode = 128 + (osConstants.signals[signal] ?? 0);
  }
}

/** True for an `InterruptedError` (matched on `code`, so it holds across module instances). */
export function isInterruption(reason: unknown): reason is InterruptedError {
  return (reason as { code?: unknown } | null)?.code === ERROR_CODES.interrupted;
}

/** The engine's own per-request deadline passed (the abort reason of that request). */
export class RequestTimeoutError extends PerfError {
  constructor(timeoutMs: number) {
    super(ERROR_CODES.timeout, `no complete response within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/** Cuts a request still in flight when its run ends (the abort reason of that request). */
export class RunEndedError extends PerfError {
  constructor() {
    super(ERROR_CODES.runEnded, 'cut off at the end of the run');
    this.name = 'RunEndedError';
  }
}

export function isPerfError(err: unknown): err is PerfError {
  return err instanceof PerfError;
}
