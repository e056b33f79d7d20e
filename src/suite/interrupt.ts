import { InterruptedError } from '../core/errors.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The same signal again within this long of the first is the same Ctrl-C, not a second one: a
 * terminal's Ctrl-C reaches the whole process group, and `pnpm`, in it, relays the signal to its
 * child too, so `pnpm test:perf` (and `pnpm perf run`) get it twice within milliseconds.
 */
export const RELAYED_SIGNAL_MS = 1000;

/** Whether `signal` at `nowMs` repeats `first` (received at `firstAtMs`) as a relay rather than a second Ctrl-C. */
export function isRelayedSignal(first: NodeJS.Signals, firstAtMs: number, signal: NodeJS.Signals, nowMs: number = Date.now()): boolean {
  return signal === first && nowMs - firstAtMs < RELAYED_SIGNAL_MS;
}
type Listener = (...args: unknown[]) => void;

/** What `cancelRunOnSignals` needs of vitest (`project.vitest` in a global setup). */
export interface CancellableRun {
  /** Called with the signal's name; the workers see it as the `reason` of the test's abort. */
  cancelCurrentRun(reason: string): Promise<void>;
}

export interface CancelOnSignalsOptions {
  /** Where the one-line notice goes. @default stderr */
  log?: (line: string) => void;
  /** Quit anyway when the run has not ended this long after the signal. @default 60000 */
  forceExitMs?: number;
}

export interface SignalGuard {
  /** The interruption, once one arrived. */
  readonly interruption: InterruptedError | undefined;
  /** Gives the signals back to their previous listeners. */
  dispose(): void;
}

/**
 * In vitest's main process: turns SIGINT and SIGTERM into a graceful cancel of the test run, so
 * the running perf test stops at once, saves its partial run (marked `interrupted`), the reporters
 * write their files and the global teardown stops the target, then the process exits 128 + the
 * signal number (130, 143). Vitest's own listeners (which exit within a millisecond, losing all
 * of that) are set aside and restored by `dispose`. A second signal (not the same one relayed
 * within {@link RELAYED_SIGNAL_MS}), or a run that does not end within `forceExitMs`, quits at once.
 */
export function cancelRunOnSignals(run: CancellableRun, options: CancelOnSignalsOptions = {}): SignalGuard {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const forceExitMs = options.forceExitMs ?? 60_000;
  const previous = new Map<string, Listener[]>();
  let interruption: InterruptedError | undefined;
  let firstAtMs = 0;
  const keepExitCode = (): void => {
    if (interruption) process.exitCode = interruption.exitCode;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interruption) {
      if (isRelayedSignal(interruption.signal, firstAtMs, signal)) return;
      log(`[perf] ${signal} again: quitting without the partial results`);
      process.exit(interruption.exitCode);
    }
    interruption = new InterruptedError(signal);
    firstAtMs = Date.now();
    log(`[perf] ${interruption.message}: stopping the run in progress and writing the partial results (${signal} again to quit at once)`);
    process.exitCode = interruption.exitCode;
    process.on('exit', keepExitCode);
    setTimeout(() => {
      log(`[perf] the run did not stop within ${forceExitMs / 1000} s of ${signal}; quitting`);
      process.exit(interruption?.exitCode);
    }, forceExitMs).unref();
    run.cancelCurrentRun(signal).catch(() => undefined);
  };
  for (const signal of SIGNALS) {
    previous.set(signal, process.listeners(signal) as Listener[]);
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
  return {
    get interruption() {
      return interruption;
    },
    dispose() {
      for (const signal of SIGNALS) {
        process.off(signal, onSignal);
        for (const l of previous.get(signal) ?? []) process.on(signal, l);
      }
      previous.clear();
    },
  };
}

/**
 * Vitest's `TestRunAbortError` of a cancelled run as an `InterruptedError` (naming the signal when
 * `cancelRunOnSignals` cancelled it); undefined for anything else, including a `bail` after a
 * failed test (reason `test-failure`), which is no interruption.
 */
function asInterruption(reason: unknown): InterruptedError | undefined {
  const r = reason as { name?: unknown; reason?: unknown } | null;
  if (r?.name !== 'TestRunAbortError' || r.reason === 'test-failure') return undefined;
  const signal = r.reason === 'SIGTERM' || r.reason === 'SIGINT' ? r.reason : undefined;
  return new InterruptedError(signal ?? 'SIGINT', signal ? `interrupted by ${signal}` : 'interrupted (the test run was cancelled)', { cause: reason });
}

let workerInterruption: AbortController | undefined;

/**
 * Aborted (with an `InterruptedError`) when this process gets SIGINT or SIGTERM, or loses its IPC
 * channel to the main process; a second signal exits. Installs its listeners once; call it early in
 * a test worker (a setup file), so a Ctrl-C during collection or set-up leaves the worker alive to
 * record the run as interrupted.
 */
export function processInterruption(): AbortSignal {
  if (!workerInterruption) {
    const controller = new AbortController();
    workerInterruption = controller;
    // Signals a preload (perf/worker-signals.mjs) saw before this module loaded; it also exits on a second one.
    const early = (globalThis as Record<symbol, NodeJS.Signals[] | undefined>)[Symbol.for('godgpt-perf.signals')];
    if (early?.[0]) controller.abort(new InterruptedError(early[0]));
    for (const signal of SIGNALS) {
      process.on(signal, () => {
        if (controller.signal.aborted) {
          if (!early) process.exit((controller.signal.reason as InterruptedError).exitCode);
          return;
        }
        controller.abort(new InterruptedError(signal));
      });
    }
    // The main process is gone (a second Ctrl-C quit it): stop rather than load an unwatched target.
    process.once('disconnect', () => {
      if (!controller.signal.aborted) controller.abort(new InterruptedError('SIGTERM', 'interrupted (the test runner exited)'));
    });
  }
  return workerInterruption.signal;
}

/**
 * In a test worker: a signal for a run that aborts with an `InterruptedError` (so the run summary
 * says `interrupted: true`) when the test run is cancelled (vitest aborts the test's signal with a
 * `TestRunAbortError`) or this process gets SIGINT/SIGTERM (a Ctrl-C reaches the whole process
 * group), and with the test's own reason otherwise (a test timeout stays a timeout). The worker
 * then survives the signal long enough to save the partial run.
 */
export function interruptibleSignal(testSignal: AbortSignal | undefined): AbortSignal {
  const processSignal = processInterruption();
  const controller = new AbortController();
  const forward = (source: AbortSignal): void => {
    if (!controller.signal.aborted) controller.abort(asInterruption(source.reason) ?? source.reason);
  };
  for (const source of [processSignal, testSignal]) {
    if (!source) continue;
    if (source.aborted) forward(source);
    else source.addEventListener('abort', () => forward(source), { once: true });
  }
  return controller.signal;
}
