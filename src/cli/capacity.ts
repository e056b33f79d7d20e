import { parseArgs } from 'node:util';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, ResultsError, TargetUnreachableError, isPerfError } from '../core/errors.ts';
import type { RunLoad } from '../load/types.ts';
import { capacityMarkdown, formatCapacityResult, formatCapacityTable } from '../capacity/format.ts';
import { runCapacity } from '../capacity/run.ts';
import { unloadedFailedResult } from '../capacity/unloaded-failed.ts';
import { UnloadedFailedError } from '../capacity/unloaded.ts';
import type { CapacityResult, CapacityStep } from '../capacity/types.ts';
import { ct } from '../capacity/messages.ts';
import { fmtPerS } from '../report/format.ts';
import { reportLang, type Lang } from '../report/messages.ts';
import { renderCapacityHtml } from '../report/capacity-html.ts';
import { redact, redactDeep } from '../report/redact.ts';
import { runDir, runId, writeFileAtomic } from '../result/store.ts';
import { writeSuiteReports } from '../report/write-reports.ts';
import type { SuitePlugin } from '../suite/types.ts';
import { argsError } from './args-error.ts';
import { CAPACITY_FLAGS } from './capacity-flags.ts';
import { planCapacity, type CapacityPlans } from './capacity-plans.ts';
import { CAPACITY_HELP } from './help.ts';
import { EXIT, interruptedExit, type CliIo } from './io.ts';
import { reportError } from './run.ts';

export interface CapacityCommandDeps {
  /** The load engine. @default `runLoad` of src/load/run-load.ts */
  runLoad?: RunLoad;
  /** Where suite results go. @default runDir() */
  resultsDir?: string;
}

function progressLine(name: string, s: CapacityStep, lang: Lang): string {
  const verdict = !s.generatorValid
    ? ct(lang, 'cap_generator_long')
    : s.passed ? ct(lang, 'cap_pass') : ct(lang, 'cap_fail', { why: s.failures.slice(0, 2).join('; ') });
  return ct(lang, 'cap_p_step', {
    name,
    phase: ct(lang, s.phase === 'refine' ? 'cap_phase_refine' : 'cap_phase_search'),
    rps: s.targetRps,
    held: s.holdS !== undefined ? ` (${s.holdS} s)` : '',
    ok: s.achievedRps,
    p95: s.p95.toFixed(1),
    errors: (s.errorRate * 100).toFixed(2),
    verdict,
  });
}

/**
 * `perf capacity`: the capacity search for the suite's endpoints or for one URL. Exit 0 done, 2 bad
 * usage / unreachable target / results not writable, 130 interrupted (partial results still printed).
 */
export async function runCapacityCommand(argv: string[], io: CliIo, suite?: SuitePlugin, deps: CapacityCommandDeps = {}): Promise<number> {
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: CAPACITY_FLAGS, strict: true, allowPositionals: true, allowNegative: true }));
  } catch (err) {
    reportError(io, 'perf capacity', argsError(err, 'capacity'));
    return EXIT.usage;
  }
  if (values.help) {
    for (const line of CAPACITY_HELP) io.stdout(line);
    return EXIT.ok;
  }
  const quiet = values.quiet === true;
  const lang = reportLang(io.env ?? process.env);
  let planned: CapacityPlans | null;
  try {
    planned = await planCapacity(values, positionals, io, suite);
  } catch (err) {
    if (io.signal?.aborted) return interruptedExit(io.signal);
    reportError(io, 'perf capacity', err);
    return EXIT.usage;
  }
  if (planned === null) return EXIT.ok;
  const { plans, samplers, stopSuite } = planned;

  const runLoad = deps.runLoad ?? (await import('../load/run-load.ts')).runLoad;
  let target = plans[0]?.baseUrl ?? plans[0]?.route ?? '';
  const results: CapacityResult[] = [];
  const problems: string[] = [];
  try {
    for (const plan of plans) {
      if (io.signal?.aborted) break;
      let prepared: Awaited<ReturnType<SuitePlugin['prepare']>> | undefined;
      try {
        if (plan.endpoint && suite) {
          target = suite.baseUrl();
          prepared = await suite.prepare(plan.endpoint.id, plan.phase);
        }
        const scenario = plan.scenario ?? prepared?.scenario;
        if (!scenario) throw new ConfigError(`${plan.name}: the suite prepared no scenario`);
        const result = await runCapacity({
          name: plan.name,
          route: plan.route,
          ...(plan.baseUrl ? { baseUrl: plan.baseUrl } : {}),
          scenario,
          slo: plan.slo,
          ...(plan.connections ?? prepared?.connections ? { connections: plan.connections ?? prepared?.connections } : {}),
          timeoutMs: plan.timeoutMs ?? prepared?.timeoutMs ?? 30_000,
          runLoad,
          samplers,
          ...(io.signal ? { signal: io.signal } : {}),
          ...plan.search,
          lang,
          onUnloadedStart: (u) => {
            if (!quiet) {
              io.stderr(ct(lang, 'cap_p_unloaded_start', {
                name: plan.name, route: plan.route, count: u.maxIterations, warmup: u.warmupIterations, rate: fmtPerS(u.maxRatePerS), seconds: u.maxTotalS,
              }));
            }
          },
          onUnloaded: (u) => {
            if (!quiet) io.stderr(ct(lang, 'cap_p_unloaded', { name: plan.name, p50: u.p50Ms.toFixed(1), p95: u.p95Ms.toFixed(1), n: u.samples }));
          },
          onStep: (s) => {
            if (!quiet) io.stderr(progressLine(plan.name, s, lang));
          },
        });
        results.push(result);
        for (const line of formatCapacityResult(result, lang)) io.stdout(line);
        io.stdout('');
      } catch (err) {
        if (err instanceof UnloadedFailedError && plans.length > 1 && !io.signal?.aborted) {
          // The target answers, only with errors: no rate is stable, which is a result, not a gap.
          const result = unloadedFailedResult(plan.name, plan.route, err.firstError, lang);
          results.push(result);
          for (const line of formatCapacityResult(result, lang)) io.stdout(line);
          io.stdout('');
          continue;
        }
        if (plans.length === 1 || !(err instanceof TargetUnreachableError) || io.signal?.aborted) throw err;
        problems.push(`${plan.name}: ${(err as Error).message}`);
        reportError(io, 'perf capacity', err);
      } finally {
        await prepared?.close().catch(() => undefined);
      }
    }
  } catch (err) {
    if (io.signal?.aborted) {
      io.stderr(ct(lang, 'cap_p_interrupted'));
      return interruptedExit(io.signal);
    }
    reportError(io, 'perf capacity', err);
    return EXIT.usage;
  } finally {
    await stopSuite?.().catch(() => undefined);
  }

  try {
    if (plans.length > 1 || plans[0]?.endpoint) {
      for (const line of formatCapacityTable(results, lang)) io.stdout(line);
      for (const p of problems) io.stdout(ct(lang, 'cap_not_measured', { what: p }));
      const dir = deps.resultsDir ?? runDir();
      const json = `${JSON.stringify(redactDeep(results), null, 2)}\n`;
      try {
        writeFileAtomic(`${dir}/capacity.json`, json);
        writeFileAtomic(`${dir}/capacity.md`, `${capacityMarkdown(results, { runId: runId(), target, lang })}\n`);
      } catch (cause) {
        throw isPerfError(cause) ? cause : new ResultsError(`cannot write capacity results to ${dir}: ${(cause as Error).message}`, { cause });
      }
      for (const failure of writeCapacityReports(dir, results, { runId: runId(), target: redact(target), lang })) io.stderr(`perf capacity: ${failure}`);
      if (!quiet) io.stderr(ct(lang, 'cap_p_results', { dir }));
    }
    if (typeof values.json === 'string') {
      const body = plans.length === 1 && !plans[0]?.endpoint ? results[0] : results;
      writeJson(values.json, body);
    }
  } catch (err) {
    reportError(io, 'perf capacity', err);
    return EXIT.usage;
  }
  return io.signal?.aborted ? interruptedExit(io.signal) : EXIT.ok;
}

/** The run folder holds a suite's stored runs (`runs/*.json`), e.g. a `pnpm test:perf` of the same PERF_RUN_ID. */
function hasSuiteRuns(dir: string): boolean {
  try {
    return readdirSync(join(dir, 'runs')).some((n) => n.endsWith('.json'));
  } catch {
    return false;
  }
}

/**
 * report.md and report.html of the run folder. A capacity search is no suite run and has no
 * pass/fail of its own: alone in its folder it writes its tables and curves with no summary.json and
 * no verdict (so compare, merge and CI never read it as a passing suite of 0 tests); in the folder of
 * a suite run it adds its section to that suite's reports. Returns the writes that failed.
 */
function writeCapacityReports(dir: string, results: readonly CapacityResult[], info: { runId: string; target: string; lang: Lang }): string[] {
  if (hasSuiteRuns(dir)) {
    // No JUnit (there are no tests here) and no second copy in the CI step summary.
    return writeSuiteReports({ dir, junitPath: '', stepSummaryPath: '', lang: info.lang }).failures;
  }
  const failures: string[] = [];
  const attempt = (name: string, make: () => string): void => {
    try {
      writeFileAtomic(join(dir, name), make());
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
    }
  };
  attempt('report.md', () => `${capacityMarkdown(results, info)}\n`);
  attempt('report.html', () => renderCapacityHtml(results, info));
  return failures;
}

function writeJson(path: string, body: unknown): void {
  const full = resolve(path);
  try {
    writeFileAtomic(full, `${JSON.stringify(redactDeep(body), null, 2)}\n`);
  } catch (cause) {
    throw new ResultsError(`--json: cannot write ${full}: ${(cause as Error).message}`, { cause });
  }
}
