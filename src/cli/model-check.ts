import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, ResultsError, TargetUnreachableError, isPerfError } from '../core/errors.ts';
import type { RunLoad } from '../load/types.ts';
import { criteriaText, DEFAULT_MODEL_CHECK_CRITERIA, judgeModelCheck, MODEL_UNREACHABLE, modelCheckMarkdown, modelUnreachableMarkdown, type ModelCheckResult } from '../report/model-check.ts';
import { redact, redactDeep } from '../report/redact.ts';
import { runDir, saveRunSummary, writeFileAtomic } from '../result/store.ts';
import { writeSuiteReports } from '../report/write-reports.ts';
import { readJsonFile } from '../result/read.ts';
import { parseRunSummary } from '../result/schema.ts';
import type { RunSummary } from '../result/types.ts';
import type { Slo } from '../slo/types.ts';
import type { SuitePlugin } from '../suite/types.ts';
import { EXIT, interruptedExit, type CliIo } from './io.ts';
import { MAX_RATE_PER_S } from './run-flags.ts';
import { reportError } from './run.ts';

export const MODEL_CHECK_HELP = [
  'Usage: pnpm -s perf model-check [--rate N] [--duration S] [--baseline PATH] [-q]',
  '',
  'Real AI model validation: runs guest chat, chat and voice chat with the real model, then with the',
  'mocked one, and prints TTFT, TPOT, end-to-end and error-rate deltas per endpoint with a verdict',
  '"degrades severely: yes/no". A real model that cannot be reached, or with which no request of an',
  'endpoint succeeds, gets no verdict: "could not measure: model unreachable" (exit 2).',
  '',
  'The real model: the simulator\'s real-llm (BASE_URL unset), or the model at SIM_LLM_URL behind the',
  'simulator when set, or the deployment\'s own model when BASE_URL is set (then --baseline is required:',
  'the mocked side comes from a saved model-check.json, or the results folder holding one).',
  '',
  '  --rate N         arrival rate of each endpoint, /s (default 10)',
  '  --duration S     recorded seconds per endpoint and model (default 30), after 1 s of warm-up',
  '  --baseline PATH  mocked side from an earlier model-check (its model-check.json or folder)',
  '  --quiet, -q      no progress on stderr',
  '',
  `Verdict: ${criteriaText(DEFAULT_MODEL_CHECK_CRITERIA)}.`,
  'Results: results/<run-id>/model-check.md and model-check.json, the runs in runs/*.json, report.md/html.',
  'Exit: 0 does not degrade severely, 1 degrades severely, 2 bad usage, unreachable target or could not',
  'measure (no verdict), 130 interrupted.',
];

export interface ModelCheckDeps {
  /** @default `runLoad` of src/load/run-load.ts */
  runLoad?: RunLoad;
  /** @default runDir() */
  resultsDir?: string;
}

interface Side {
  label: string;
  runs: Map<string, RunSummary>;
}

/** A run summary without its per-second timeline and histograms (what the verdict does not read). */
function slim(s: RunSummary): RunSummary {
  return { ...s, timeline: [], histograms: {} };
}

function loadBaseline(path: string): Side {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'model-check.json') : path;
  if (!existsSync(file)) throw new ResultsError(`--baseline: no such file: ${file}`);
  const doc = readJsonFile(file, '--baseline') as { mocked?: { label?: unknown; runs?: Record<string, unknown> } } | null;
  const runs = doc?.mocked?.runs;
  if (!runs || typeof runs !== 'object') throw new ResultsError(`--baseline: ${file} is not a model-check.json (no mocked.runs)`);
  const out = new Map<string, RunSummary>();
  for (const [id, value] of Object.entries(runs)) {
    const parsed = parseRunSummary(value);
    if (!parsed.ok) throw new ResultsError(`--baseline: ${file}: mocked.runs.${id}: ${parsed.error}`);
    out.set(id, parsed.summary);
  }
  return { label: `${typeof doc?.mocked?.label === 'string' ? doc.mocked.label : 'mocked model'} (from ${file})`, runs: out };
}

function numberFlag(flag: string, raw: unknown, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new ConfigError(`--${flag}: expected a number above 0, got "${String(raw)}"`);
  if (n > max) throw new ConfigError(`--${flag}: expected at most ${max}, got "${raw}"`);
  return n;
}

/** `perf model-check`: 0 no severe degradation, 1 degrades severely, 2 usage / target / results, 130 interrupted. */
export async function runModelCheckCommand(argv: string[], io: CliIo, suite?: SuitePlugin, deps: ModelCheckDeps = {}): Promise<number> {
  let rate: number;
  let durationS: number;
  let baseline: string | undefined;
  let quiet: boolean;
  try {
    const { values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: { rate: { type: 'string' }, duration: { type: 'string' }, baseline: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      for (const l of MODEL_CHECK_HELP) io.stdout(l);
      return EXIT.ok;
    }
    rate = numberFlag('rate', values.rate, 10, MAX_RATE_PER_S);
    durationS = numberFlag('duration', values.duration, 30, 3600);
    baseline = values.baseline;
    quiet = values.quiet === true;
    if (!suite?.startModel || !suite.modelCheckEndpoints) throw new ConfigError('perf model-check: no suite with a model to switch is available here');
  } catch (err) {
    reportError(io, 'perf model-check', err);
    return EXIT.usage;
  }
  const ids = suite.modelCheckEndpoints();
  const endpoints = suite.endpoints().filter((e) => ids.includes(e.id));
  const slos = new Map<string, Slo>(endpoints.map((e) => [e.id, e.slo]));
  const dir = deps.resultsDir ?? runDir();
  const runLoad = deps.runLoad ?? (await import('../load/run-load.ts')).runLoad;

  const runSide = async (model: 'mocked' | 'real'): Promise<Side> => {
    const handle = await suite.startModel!(model);
    const runs = new Map<string, RunSummary>();
    try {
      for (const e of endpoints) {
        if (io.signal?.aborted) break;
        if (!quiet) io.stderr(`perf model-check: ${e.id} with ${handle.label}, ${rate}/s for ${durationS} s`);
        const prepared = await suite.prepare(e.id);
        try {
          let summary = await runLoad({
            name: `${e.id} (${model} model)`,
            baseUrl: suite.baseUrl(),
            scenario: prepared.scenario,
            model: { type: 'arrival-rate', stages: [{ durationS, target: rate }] },
            ...(prepared.connections ? { connections: prepared.connections } : {}),
            timeoutMs: prepared.timeoutMs ?? 30_000,
            warmupS: 1,
            judge: 'all',
            abortOnFail: false,
            slo: e.slo,
            ...(io.signal ? { signal: io.signal } : {}),
          });
          if (suite.environment) summary = { ...summary, environment: await suite.environment() };
          saveRunSummary(summary, { endpoint: e.id, route: e.route, scenario: `${e.id} with the ${model} model`, targetRps: rate, sse: e.sse, profile: 'model-check', target: suite.baseUrl() }, dir);
          runs.set(e.id, summary);
        } finally {
          await prepared.close().catch(() => undefined);
        }
      }
    } finally {
      await handle.stop().catch(() => undefined);
    }
    return { label: handle.label, runs };
  };

  let mocked: Side;
  let real: Side;
  let result: ModelCheckResult;
  try {
    const base = baseline !== undefined ? loadBaseline(baseline) : undefined;
    try {
      real = await runSide('real');
    } catch (err) {
      if (!(err instanceof TargetUnreachableError) || io.signal?.aborted) throw err;
      return modelUnreachable(io, dir, err.message, rate, durationS);
    }
    if (io.signal?.aborted) return interruptedExit(io.signal);
    // Nothing measured with the real model: no verdict, whatever the mocked one does.
    const nothing = real.runs.size > 0 && [...real.runs.values()].every((s) => s.requests.ok === 0);
    mocked = base ?? (nothing ? { label: 'mocked model (not run: nothing was measured with the real model)', runs: new Map() } : await runSide('mocked'));
    result = judgeModelCheck(mocked.runs, real.runs, slos);
    if (result.endpoints.length === 0) throw new ResultsError('perf model-check: no endpoint was measured with both models');
  } catch (err) {
    if (io.signal?.aborted) return interruptedExit(io.signal);
    reportError(io, 'perf model-check', err);
    return EXIT.usage;
  }
  const md = modelCheckMarkdown(result, { mocked: mocked.label, real: real.label, rate, durationS });
  for (const line of md) io.stdout(redact(line));
  try {
    const doc = {
      version: 1, rate, durationS, criteria: result.criteria,
      mocked: { label: mocked.label, runs: Object.fromEntries([...mocked.runs].map(([k, s]) => [k, slim(s)])) },
      real: { label: real.label, runs: Object.fromEntries([...real.runs].map(([k, s]) => [k, slim(s)])) },
      result,
    };
    writeFileAtomic(join(dir, 'model-check.json'), `${JSON.stringify(redactDeep(doc), null, 2)}\n`);
    writeFileAtomic(join(dir, 'model-check.md'), `${md.map(redact).join('\n')}\n`);
    const written = writeSuiteReports({ dir, junitPath: '', stepSummaryPath: '' });
    for (const f of written.failures) io.stderr(`perf model-check: ${f}`);
    if (!quiet) io.stderr(`perf model-check: results in ${dir}`);
  } catch (err) {
    reportError(io, 'perf model-check', isPerfError(err) ? err : new ResultsError(`cannot write model-check results to ${dir}: ${(err as Error).message}`, { cause: err }));
    return EXIT.usage;
  }
  if (result.degradesSeverely === null) {
    for (const e of result.endpoints) if (e.unmeasured !== undefined) io.stderr(redact(`perf model-check: ${e.endpoint}: ${e.unmeasured} (no verdict)`));
    return EXIT.usage;
  }
  return result.degradesSeverely ? 1 : EXIT.ok;
}

/** The real model could not be reached before any load: the reason on stderr and in model-check.md, exit 2. */
function modelUnreachable(io: CliIo, dir: string, reason: string, rate: number, durationS: number): number {
  io.stderr(redact(`perf model-check: ${MODEL_UNREACHABLE} (no verdict): ${reason}`));
  try {
    writeFileAtomic(join(dir, 'model-check.md'), `${modelUnreachableMarkdown(reason, { rate, durationS }).map(redact).join('\n')}\n`);
  } catch (err) {
    reportError(io, 'perf model-check', err);
  }
  return EXIT.usage;
}
