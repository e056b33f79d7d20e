import { isInterruption } from '../core/errors.ts';

/**
 * Where a CLI command writes and what stops it. Commands never touch `process` directly, so they
 * can run in-process with a fake io (tests) or from `bin/perf.ts` with the real streams.
 */
export interface CliIo {
  /** Result output (summaries, reports): one line, without trailing newline. */
  stdout(line: string): void;
  /** Diagnostics, progress and errors: one line, without trailing newline. */
  stderr(line: string): void;
  /**
   * Aborted on SIGINT or SIGTERM (with an `InterruptedError` naming the signal): commands stop
   * their run, still report the partial result and exit 128 + the signal number.
   */
  signal?: AbortSignal;
  /** Whether stderr is an interactive terminal (live progress redraws in place). @default false */
  stderrIsTty?: boolean;
  /** Environment the command reads. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** Exit codes shared by every command. */
export const EXIT = {
  /** The command finished and its SLO (if any) was met. */
  ok: 0,
  /** The SLO was not met (or a compared run regressed). */
  sloFailed: 1,
  /** Bad usage or configuration, unreachable target, results not writable. */
  usage: 2,
  /** Interrupted by SIGINT (128 + 2, the shell convention); the partial result was still reported. */
  interrupted: 130,
  /** Terminated by SIGTERM (128 + 15; CI cancellation); the partial result was still reported. */
  terminated: 143,
} as const;

/** The exit code of a command stopped by `signal`: 128 + the signal number its reason names, else 130. */
export function interruptedExit(signal: AbortSignal | undefined): number {
  const reason: unknown = signal?.reason;
  return isInterruption(reason) ? reason.exitCode : EXIT.interrupted;
}

/** An io that collects lines, for tests and embedding. */
export function memoryIo(options: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => void out.push(l), stderr: (l) => void err.push(l), ...options };
}
