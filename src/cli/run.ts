import { isPerfError } from '../core/errors.ts';
import { planLoad, type LoadPlan } from '../load/plan.ts';
import type { Progress, RunLoad } from '../load/types.ts';
import { PrometheusRemoteWriter } from '../export/prometheus-rw.ts';
import { remoteWriteFromEnv } from '../export/remote-write-env.ts';
import { makeRunId } from '../result/store.ts';
import { createProgressSink, resolveProgressMode } from '../report/progress.ts';
import { redact, redactDeep } from '../report/redact.ts';
import type { RunSummary } from '../result/types.ts';
import { evaluateSlo } from '../slo/evaluate.ts';
import { checkStartWait } from '../shard/start.ts';
import { formatSummary } from './format-summary.ts';
import { collectEnvironment } from '../result/environment.ts';
import { RUN_HELP } from './help.ts';
import { EXIT, interruptedExit, type CliIo } from './io.ts';
import { checkOutputFile, writeFileAtomicSync } from './output-file.ts';
import { checkReachable } from './preflight.ts';
import { parseRunArgs, type RunCommandOptions } from './run-options.ts';
import { toRunLoadOptions } from './run-load-options.ts';
import { checkRunTarget, describePlan, describeRun } from './run-plan.ts';

export interface RunCommandDeps {
  /** The load engine. @default `runLoad` from the public entry */
  runLoad?: RunLoad;
}

/** Prints a failure as one line (multi-line engine messages are joined, secrets redacted), no stack unless `PERF_DEBUG=1`. */
export function reportError(io: CliIo, prefix: string, err: unknown): void {
  const message = redact(err instanceof Error ? err.message : String(err));
  const oneLine = message.split('\n').map((l) => l.trim()).filter(Boolean).join('; ');
  io.stderr(isPerfError(err) ? oneLine : `${prefix}: unexpected error: ${oneLine}`);
  if ((io.env ?? process.env).PERF_DEBUG === '1' && err instanceof Error && err.stack) io.stderr(redact(err.stack));
}

async function loadEngine(): Promise<RunLoad> {
  const { runLoad } = await import('../load/run-load.ts');
  return runLoad;
}

/** Writes the summary as JSON, secrets redacted (parent folders created, written atomically, no temporary file left). Throws `ResultsError`. */
export async function writeSummaryJson(path: string, summary: RunSummary): Promise<string> {
  return writeFileAtomicSync(path, `${JSON.stringify(redactDeep(summary), null, 2)}\n`, '--json');
}

/**
 * `perf run`: one request at an arrival rate (optionally ramped), live progress on stderr, the
 * summary on stdout, `--json` to save it. Exit 0 finished (SLO met), 1 SLO not met, 2 bad usage,
 * configuration, unreachable target or unwritable `--json`, 130 on SIGINT, 143 on SIGTERM (partial
 * summary still printed and written).
 */
export async function runRunCommand(argv: string[], io: CliIo, deps: RunCommandDeps = {}): Promise<number> {
  let options: RunCommandOptions;
  let plan: LoadPlan;
  let startLine: string | undefined;
  try {
    const parsed = parseRunArgs(argv);
    if (parsed.help) {
      for (const line of RUN_HELP) io.stdout(line);
      return EXIT.ok;
    }
    options = parsed.options;
    checkRunTarget(options, io.env ?? process.env);
    if (options.startAtMs !== undefined) startLine = checkStartWait(options.startAtMs, '--start-at');
    plan = planLoad(toRunLoadOptions(options));
    if (options.jsonPath) options.jsonPath = checkOutputFile(options.jsonPath, '--json');
  } catch (err) {
    reportError(io, 'perf run', err);
    return EXIT.usage;
  }

  if (!options.quiet) {
    io.stderr(`perf run: ${describeRun(options)}`);
    io.stderr(`perf run: ${describePlan(options, plan)}`);
    if (startLine !== undefined) io.stderr(`perf run: ${startLine}`);
  }
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
  const progress = createProgressSink(options.name, plan.durationS, { mode, write: (text) => io.stderr(text.replace(/\n$/, '')) });
  const rw = options.remoteWrite ?? remoteWriteFromEnv(env);
  const writer = rw ? new PrometheusRemoteWriter({ url: rw.url, ...(rw.authorization ? { authorization: rw.authorization } : {}), labels: { run_id: env.PERF_RUN_ID?.trim() || makeRunId(), endpoint: options.name, scenario: options.name } }) : undefined;
  const onProgress = writer ? (p: Progress) => (progress(p), writer.onProgress(p)) : progress;
  const loadOptions = toRunLoadOptions(options, { onProgress, ...(io.signal ? { signal: io.signal } : {}) }, env);

  let summary: RunSummary;
  try {
    summary = await runLoad(loadOptions);
  } catch (err) {
    reportError(io, 'perf run', err);
    return EXIT.usage;
  } finally {
    progress.close();
  }
  if (writer && rw) {
    const r = await writer.finish(summary);
    if (r.failed > 0 || r.dropped > 0) io.stderr(`perf run: Prometheus remote write to ${rw.shown}: ${r.failed} of ${r.writes} writes failed${r.firstError ? ` (first: ${r.firstError})` : ''}${r.dropped ? `, ${r.dropped} seconds dropped (receiver behind)` : ''}; the run itself is unaffected`);
  }
  if (options.slo && !summary.slo) summary = { ...summary, slo: evaluateSlo(summary, options.slo) };
  summary = { ...summary, environment: collectEnvironment({ targetUrl: options.url.origin, env }) };

  for (const line of formatSummary(summary)) io.stdout(redact(line));

  let code: number = EXIT.ok;
  if (options.jsonPath) {
    try {
      const written = await writeSummaryJson(options.jsonPath, summary);
      if (!options.quiet) io.stderr(`perf run: summary written to ${redact(written)}`);
    } catch (err) {
      reportError(io, 'perf run', err);
      code = EXIT.usage;
    }
  }
  if (code !== EXIT.ok) return code;
  if (io.signal?.aborted) return interruptedExit(io.signal);
  if (summary.slo) return summary.slo.passed ? EXIT.ok : EXIT.sloFailed;
  const r = summary.requests;
  if (r.ok === 0) {
    // Without an SLO a run still never passes when nothing succeeded (with one, its okRequests check says so).
    io.stderr(`perf run: no request succeeded (${r.failed + r.dropped} of ${r.scheduled} failed, ${r.sent - r.completed} not completed)`);
    return EXIT.sloFailed;
  }
  return EXIT.ok;
}
