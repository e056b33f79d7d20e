import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ResultsError, isPerfError } from '../core/errors.ts';
import type { RunLoad } from '../load/types.ts';
import { createProgressSink, resolveProgressMode } from '../report/progress.ts';
import { redactDeep } from '../report/redact.ts';
import type { RunSummary } from '../result/types.ts';
import { evaluateSlo } from '../slo/evaluate.ts';
import { formatSummary } from './format-summary.ts';
import { RUN_HELP } from './help.ts';
import { EXIT, interruptedExit, type CliIo } from './io.ts';
import { checkReachable } from './preflight.ts';
import { describeRun, parseRunArgs, toRunLoadOptions, type RunCommandOptions } from './run-options.ts';

export interface RunCommandDeps {
  /** The load engine. @default `runLoad` from the public entry */
  runLoad?: RunLoad;
}

/** Prints a failure as one line (multi-line engine messages are joined), no stack unless `PERF_DEBUG=1`. */
export function reportError(io: CliIo, prefix: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  const oneLine = message.split('\n').map((l) => l.trim()).filter(Boolean).join('; ');
  io.stderr(isPerfError(err) ? oneLine : `${prefix}: unexpected error: ${oneLine}`);
  if ((io.env ?? process.env).PERF_DEBUG === '1' && err instanceof Error && err.stack) io.stderr(err.stack);
}

async function loadEngine(): Promise<RunLoad> {
  const { runLoad } = await import('../load/run-load.ts');
  return runLoad;
}

/** Writes the summary as JSON (parent folders created, written atomically). Throws `ResultsError`. */
export async function writeSummaryJson(path: string, summary: RunSummary): Promise<string> {
  const full = resolve(path);
  const tmp = `${full}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(full), { recursive: true });
    await writeFile(tmp, `${JSON.stringify(redactDeep(summary), null, 2)}\n`);
    await rename(tmp, full);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ResultsError(`--json: cannot write ${full}: ${code ?? (cause as Error).message}`, { cause });
  }
  return full;
}

/**
 * `perf run`: one request at an arrival rate (optionally ramped), live progress on stderr, the
 * summary on stdout, `--json` to save it. Exit 0 finished (SLO met), 1 SLO not met, 2 bad usage,
 * configuration, unreachable target or unwritable `--json`, 130 on SIGINT, 143 on SIGTERM (partial
 * summary still printed and written).
 */
export async function runRunCommand(argv: string[], io: CliIo, deps: RunCommandDeps = {}): Promise<number> {
  let options: RunCommandOptions;
  try {
    const parsed = parseRunArgs(argv);
    if (parsed.help) {
      for (const line of RUN_HELP) io.stdout(line);
      return EXIT.ok;
    }
    options = parsed.options;
  } catch (err) {
    reportError(io, 'perf run', err);
    return EXIT.usage;
  }

  if (!options.quiet) io.stderr(`perf run: ${describeRun(options)}`);
  if (options.preflight) {
    try {
      await checkReachable(options.url, Math.min(3000, options.timeoutS * 1000), io.signal);
    } catch (err) {
      if (io.signal?.aborted) return interruptedExit(io.signal);
      reportError(io, 'perf run', err);
      if (!options.quiet) io.stderr('(skip this check with --no-preflight to record the connect errors as a run)');
      return EXIT.usage;
    }
  }

  const runLoad = deps.runLoad ?? (await loadEngine());

  const env = io.env ?? process.env;
  const mode = options.quiet ? 'off' : resolveProgressMode(env, io.stderrIsTty ?? false);
  const totalS = (options.warmupS ?? 1) + options.rampS + options.durationS;
  const progress = createProgressSink(options.name, totalS, { mode, write: (text) => io.stderr(text.replace(/\n$/, '')) });
  const loadOptions = toRunLoadOptions(options, { onProgress: progress, ...(io.signal ? { signal: io.signal } : {}) });

  let summary: RunSummary;
  try {
    summary = await runLoad(loadOptions);
  } catch (err) {
    reportError(io, 'perf run', err);
    return EXIT.usage;
  } finally {
    progress.close();
  }
  if (options.slo && !summary.slo) summary = { ...summary, slo: evaluateSlo(summary, options.slo) };

  for (const line of formatSummary(summary)) io.stdout(line);

  let code: number = EXIT.ok;
  if (options.jsonPath) {
    try {
      const written = await writeSummaryJson(options.jsonPath, summary);
      if (!options.quiet) io.stderr(`perf run: summary written to ${written}`);
    } catch (err) {
      reportError(io, 'perf run', err);
      code = EXIT.usage;
    }
  }
  if (code !== EXIT.ok) return code;
  if (io.signal?.aborted) return interruptedExit(io.signal);
  return summary.slo && !summary.slo.passed ? EXIT.sloFailed : EXIT.ok;
}
