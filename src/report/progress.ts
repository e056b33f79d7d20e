import { z } from 'zod';
import type { Progress } from '../load/types.ts';
import { fmtMs } from './format.ts';
import { redact } from './redact.ts';
import { envNumber, readEnv } from '../core/env.ts';

/** Where and how progress is shown. */
export type ProgressMode = 'tty' | 'plain' | 'off';

export interface ProgressSinkOptions {
  /** @default from `PERF_PROGRESS` (`auto`: `tty` when the terminal is interactive, else `plain`) */
  mode?: ProgressMode;
  /** Seconds between plain lines. @default `PERF_PROGRESS_INTERVAL_S`, else 5 */
  plainIntervalS?: number;
  /** @default process.stderr.write */
  write?: (text: string) => void;
}

/** A progress callback for `runLoad`'s `onProgress`, with `close()` to end the live line. */
export type ProgressSink = ((p: Progress) => void) & { close(): void };

const UP_AND_CLEAR = '\x1b[1A\x1b[2K';

/**
 * Picks the mode: `PERF_PROGRESS=tty|plain|off` wins; otherwise `tty` when stderr is a terminal,
 * or when the perf reporter told the vitest workers (whose stderr is a pipe to the terminal) with
 * `PERF_PROGRESS_TTY=1`; `plain` otherwise (CI logs).
 */
export function resolveProgressMode(env: NodeJS.ProcessEnv = process.env, stderrIsTty = Boolean(process.stderr.isTTY)): ProgressMode {
  const forced = env.PERF_PROGRESS?.trim().toLowerCase();
  if (forced === 'tty' || forced === 'plain' || forced === 'off') return forced;
  if (stderrIsTty) return 'tty';
  if (env.PERF_PROGRESS_TTY === '1') return 'tty';
  return 'plain';
}

function fmtClock(s: number): string {
  const total = Math.max(0, Math.round(s));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** Errors of the second just finished, every kind added. */
function lastSecondErrors(p: Progress): number {
  return Object.values(p.last.errors).reduce((n: number, v) => n + (v ?? 0), 0);
}

/**
 * The one-line progress text: `guest-chat  0:12/0:30 steady  rate 30/30 /s  ok 30/s  in flight 4  p95 82 ms  errors 0`
 * (`rate` sent/target in the last second, `ok` completed ok in it, p95 of ok requests). `errors`
 * counts the recorded run's errors so far (`errorsSoFar`); in the warm-up, which the results leave
 * out, the warm-up's errors so far (`warmupErrors`, else the last second's); never fewer than the
 * kinds listed after it (the last second's).
 */
export function formatProgress(name: string, p: Progress, totalS: number, warmupErrors?: number): string {
  const total = p.totalS > 0 ? p.totalS : totalS;
  const pct = total > 0 ? Math.min(100, Math.round((p.elapsedS / total) * 100)) : 0;
  const current = p.last.sent;
  const listed = lastSecondErrors(p);
  const counted = p.phase === 'warmup' ? (warmupErrors ?? listed) : p.errorsSoFar;
  const errs = `errors ${Math.max(counted, listed)}`;
  const kinds = Object.entries(p.last.errors)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
  return redact(
    `${name}  ${fmtClock(p.elapsedS)}/${fmtClock(total)} ${String(pct).padStart(3)}% ${p.phase}` +
      `  rate ${current}/${round1(p.targetRps)} /s  ok ${p.last.ok}/s  in flight ${p.inFlight}  p95 ${p95Text(p)}  ${errs}` +
      (kinds ? ` (${kinds})` : ''),
  );
}

/** p95 of the ok requests of the judged window so far; before it starts (warm-up, ramp), the last second's p95. */
function p95Text(p: Progress): string {
  if (p.p95Ms > 0) return fmtMs(p.p95Ms);
  if (p.last.p95 > 0) return `${fmtMs(p.last.p95)} (last 1 s)`;
  return '-';
}

function round1(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

const PROGRESS_ENV = z.object({ PERF_PROGRESS_INTERVAL_S: envNumber({ positive: true }).optional() });

/**
 * A live progress line while a perf test runs: redrawn in place on a terminal, a plain line every
 * few seconds otherwise. Writes to stderr (in a vitest worker that is a pipe to the terminal or CI
 * log; the runner's summary window keeps the line above itself). Never throws.
 */
export function createProgressSink(name: string, totalS: number, options: ProgressSinkOptions = {}): ProgressSink {
  const mode = options.mode ?? resolveProgressMode();
  const intervalS = options.plainIntervalS ?? readEnv(PROGRESS_ENV).PERF_PROGRESS_INTERVAL_S ?? 5;
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  let drawn = false;
  let closed = false;
  let lastPlainAt = -Infinity;
  let last: Progress | undefined;
  let warmupErrors = 0;

  const safeWrite = (text: string) => {
    try {
      write(text);
    } catch {
      // a closed stream must not break the run
    }
  };

  const sink = ((p: Progress) => {
    if (closed || mode === 'off') return;
    last = p;
    if (p.phase === 'warmup') warmupErrors += lastSecondErrors(p);
    const line = formatProgress(name, p, totalS, warmupErrors);
    if (mode === 'tty') {
      safeWrite(`${drawn ? UP_AND_CLEAR : ''}${line}\n`);
      drawn = true;
    } else if (p.elapsedS - lastPlainAt >= intervalS || p.elapsedS >= (p.totalS || totalS)) {
      lastPlainAt = p.elapsedS;
      safeWrite(`[perf] ${line}\n`);
    }
  }) as ProgressSink;

  sink.close = () => {
    if (closed) return;
    closed = true;
    if (mode === 'plain' && last && last.elapsedS !== lastPlainAt) safeWrite(`[perf] ${formatProgress(name, last, totalS, warmupErrors)}\n`);
  };
  return sink;
}
