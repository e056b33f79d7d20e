import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule, TestRunEndReason, TestSpecification, Vitest } from 'vitest/node';
import { redact } from './redact.ts';
import { runDir, runId } from '../result/store.ts';
import type { TestInfo } from './suite-report.ts';
import { renderTerminalTable } from './terminal.ts';
import { reportLang, t } from './messages.ts';
import { writeSuiteReports, type WrittenReports } from './write-reports.ts';

export interface PerfReporterOptions {
  /** Only modules of this vitest project are reported (others, e.g. `unit`, are ignored). @default 'perf' */
  project?: string;
  /** Where lines go. @default vitest's logger (stdout) */
  log?: (line: string) => void;
  /** Called with what was written (tests, embedding). */
  onWritten?: (written: WrittenReports) => void;
  /**
   * Sets the exit code of a perf run that recorded no result (no test ran, or none saved a run).
   * @default sets `process.exitCode` (1) unless vitest already set one
   */
  setExitCode?: (code: number) => void;
}

/** Relative to the working directory when inside it, absolute otherwise. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

type SerializedErrorLike = { message?: string; name?: string; stack?: string };

function errorText(e: SerializedErrorLike): string {
  const head = e.name && e.message && !e.message.startsWith(e.name) ? `${e.name}: ${e.message}` : (e.message ?? e.name ?? String(e));
  return redact(head);
}

/**
 * Vitest reporter of the perf project: at the end of the run it reads every stored run
 * summary from `runDir()`, writes `summary.json`, `report.md`, `report.html` (and JUnit XML with
 * `PERF_JUNIT`, the GitHub step summary with `GITHUB_STEP_SUMMARY`), prints the results table and
 * where the files are. A crashed or failing test keeps its row; the others keep their results.
 * A perf run in which no test ran (a filter that matches nothing) or none saved a run writes no
 * report, says so in one line and fails (exit 1): nothing measured is never a pass.
 * It also tells the workers (`PERF_PROGRESS_TTY=1`) when the terminal is interactive, so live
 * progress redraws in place. Use next to the default reporter.
 */
export class PerfReporter implements Reporter {
  private vitest: Vitest | undefined;
  private startedAt = new Date().toISOString();
  private readonly project: string;
  /** Tests that failed in some pass of a repeated run (`PERF_REPEAT`): vitest keeps only the last pass's result. */
  private readonly failedInAPass = new Map<string, string>();

  constructor(private readonly options: PerfReporterOptions = {}) {
    this.project = options.project ?? 'perf';
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    if (process.stderr.isTTY && !process.env.CI && process.env.PERF_PROGRESS_TTY === undefined) {
      process.env.PERF_PROGRESS_TTY = '1';
    }
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.startedAt = new Date().toISOString();
    this.failedInAPass.clear();
    if (!specifications.some((s) => this.isPerf(s.project.name, s.moduleId))) return;
    try {
      runId();
    } catch {
      // A bad PERF_RUN_ID: the global setup names it in one line and stops the run.
    }
  }

  private isPerf(projectName: string, moduleId: string): boolean {
    return projectName === this.project || /\.perf\.[cm]?[jt]s$/.test(moduleId);
  }

  /** Fails the run without hiding a code vitest already set (failed tests, a signal). */
  private setExitCode(code: number): void {
    if (this.options.setExitCode) this.options.setExitCode(code);
    else if (!process.exitCode) process.exitCode = code;
  }

  private log(line: string): void {
    if (this.options.log) this.options.log(line);
    else if (this.vitest) this.vitest.logger.log(line);
    else process.stdout.write(`${line}\n`);
  }

  private testInfo(test: TestCase, root: string): TestInfo {
    const result = test.result();
    const priority = (test.meta() as { priority?: unknown }).priority;
    return {
      id: test.id,
      file: relative(root, test.module.moduleId),
      name: test.name,
      fullName: test.fullName,
      state: result.state,
      durationMs: test.diagnostic()?.duration,
      errors: (result.errors ?? []).map((e) => errorText(e)),
      ...(result.state === 'skipped' && result.note ? { skipNote: redact(result.note) } : {}),
      ...(typeof priority === 'string' ? { priority } : {}),
    };
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    if (result.state === 'failed' && !this.failedInAPass.has(test.id)) this.failedInAPass.set(test.id, (result.errors ?? []).map((e) => errorText(e))[0] ?? 'failed');
  }

  /** A test that failed in an earlier pass of `PERF_REPEAT` fails, whatever its last pass did. */
  private withEarlierFailures(tests: TestInfo[]): TestInfo[] {
    return tests.map((test) => {
      const failed = this.failedInAPass.get(test.id);
      if (failed === undefined || test.state === 'failed') return test;
      this.setExitCode(1);
      return { ...test, state: 'failed', errors: [`failed in an earlier pass of PERF_REPEAT: ${failed}`, ...test.errors] };
    });
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedErrorLike>,
    reason: TestRunEndReason,
  ): void {
    const modules = testModules.filter((m) => this.isPerf(m.project.name, m.moduleId));
    if (modules.length === 0) return;
    try {
      const root = this.vitest?.config.root ?? process.cwd();
      const tests: TestInfo[] = [];
      const problems: string[] = [];
      for (const m of modules) {
        for (const test of m.children.allTests()) tests.push(this.testInfo(test, root));
        for (const e of m.errors()) problems.push(`${relative(root, m.moduleId)}: ${errorText(e)}`);
      }
      for (const e of unhandledErrors) problems.push(`unhandled error: ${errorText(e)}`);
      if (reason === 'interrupted') problems.push('the run was interrupted; results are partial');
      const interrupted = reason === 'interrupted';
      const ran = tests.some((test) => test.state === 'passed' || test.state === 'failed');
      if (!interrupted && (!ran || !existsSync(runDir()))) {
        // No test ran (a file or -t filter that matches nothing) or every file failed before a
        // run saved anything: a report of nothing, "cannot read results folder" and "Results
        // written to" would only mislead, and nothing measured is never a pass.
        this.setExitCode(1);
        const seen = new Set<string>();
        for (const test of tests) for (const e of test.errors) seen.add(`${test.file}: ${e}`);
        // What was skipped and why (an effect not allowed, a priority left out): never silent.
        for (const test of tests) if (test.skipNote) seen.add(`${test.file}: ${test.name}: skipped: ${test.skipNote}`);
        for (const p of problems) seen.add(p);
        this.log('');
        for (const line of seen) this.log(`[perf] ${line}`);
        this.log(`[perf] ${t(reportLang(), 'noResults')}`);
        return;
      }
      const written = writeSuiteReports({ dir: runDir(), tests: this.withEarlierFailures(tests), problems, startedAt: this.startedAt, interrupted });
      this.options.onWritten?.(written);
      this.log('');
      for (const line of renderTerminalTable(written.report)) this.log(line);
      this.log('');
      this.log(t(written.report.lang, 'filesWritten', { dir: shortPath(runDir()) }));
      for (const f of written.files) this.log(`  ${shortPath(f)}`);
      for (const f of written.failures) this.log(`  ! ${f}`);
    } catch (err) {
      this.log(`perf reporter: could not write the reports: ${redact((err as Error).message)}`);
    }
  }
}
