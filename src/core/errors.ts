/** Stable error codes, undici `UND_ERR_*` style. Match on `code`, never on the message. */
export const ERROR_CODES = {
  /** Options, flags, `.env` or a config file are invalid. */
  config: 'PERF_ERR_CONFIG',
  /** The target could not be reached before load started. */
  unreachable: 'PERF_ERR_TARGET_UNREACHABLE',
  /** The target answered set-up traffic (login, seeding) with something unusable. */
  setup: 'PERF_ERR_SETUP',
  /** The simulator could not start or died. */
  sim: 'PERF_ERR_SIM',
  /** A results file or folder could not be read or written. */
  results: 'PERF_ERR_RESULTS',
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

export class SimulatorError extends PerfError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.sim, message, options);
    this.name = 'SimulatorError';
  }
}

export class ResultsError extends PerfError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.results, message, options);
    this.name = 'ResultsError';
  }
}

export function isPerfError(err: unknown): err is PerfError {
  return err instanceof PerfError;
}
