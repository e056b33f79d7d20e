import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { traceUrlFromEnv } from '../http/trace-env.ts';
import { basename, join, resolve } from 'node:path';
import { savedComparisonSchema, type SavedComparison } from './html-comparison.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { reportLang, type Lang } from './messages.ts';
import { redactDeep } from './redact.ts';
import { ResultsError } from '../core/errors.ts';
import { loadRunDir, writeFileAtomic } from '../result/store.ts';
import { buildSuiteReport, type SuiteReport, type TestInfo } from './suite-report.ts';

export interface WriteReportsOptions {
  /** The run folder (`runDir()`): runs are read from `<dir>/runs/`, reports written to `<dir>/`. */
  dir: string;
  /** Tests as vitest saw them; without them every stored run is one row. */
  tests?: TestInfo[];
  /** @default `PERF_REPORT_LANG` */
  lang?: Lang;
  startedAt?: string;
  finishedAt?: string;
  /** The suite run was interrupted (SIGINT, SIGTERM): marks summary.json and the reports. */
  interrupted?: boolean;
  /** Problems found outside the tests (unhandled errors, collection failures). */
  problems?: string[];
  /** JUnit XML path. @default `PERF_JUNIT` */
  junitPath?: string;
  /** Markdown summary to append report.md to. @default `GITHUB_STEP_SUMMARY` */
  stepSummaryPath?: string;
  env?: NodeJS.ProcessEnv;
}

export interface WrittenReports {
  report: SuiteReport;
  /** Absolute paths of the files written. */
  files: string[];
  /** Writes that failed; the others still happened. */
  failures: string[];
}

/** Capacity results left in the run folder by `pnpm perf capacity` (`capacity.json`), if any. */
function readCapacity(dir: string, failures: string[]): unknown {
  const file = join(dir, 'capacity.json');
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { capacity?: unknown };
    return parsed && typeof parsed === 'object' && 'capacity' in parsed ? parsed.capacity : parsed;
  } catch (err) {
    failures.push(`${file}: unreadable (${(err as Error).message})`);
    return undefined;
  }
}

/**
 * The comparison with a baseline saved beside the run (`compare.json`, written by
 * `perf compare BASE HEAD --report`), if any. A file that is not one is listed in `failures` and
 * shown nowhere: it judges nothing of this run.
 */
export function readComparison(dir: string, failures: string[]): SavedComparison | undefined {
  const file = join(dir, 'compare.json');
  if (!existsSync(file)) return undefined;
  try {
    const parsed = savedComparisonSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    failures.push(`${file}: not a perf compare --json document (${issue.path.map(String).join('.') || 'top level'}: ${issue.message}); report.html shows no comparison`);
  } catch (err) {
    failures.push(`${file}: unreadable (${(err as Error).message}); report.html shows no comparison`);
  }
  return undefined;
}

/**
 * Rewrites `report.html` of a finished suite run from its `summary.json` and `runs/`, with the
 * comparison of its `compare.json`: what the run's tests were (crashed ones too) stays as the
 * reporter saw it. Throws `ResultsError` when the folder holds no readable summary.json.
 */
export function rewriteHtmlReport(dir: string): string {
  const summaryFile = join(dir, 'summary.json');
  if (!existsSync(summaryFile) || !statSync(summaryFile).isFile()) throw new ResultsError(`${dir} has no summary.json (not the folder of a suite run)`);
  let report: SuiteReport;
  try {
    report = JSON.parse(readFileSync(summaryFile, 'utf8')) as SuiteReport;
  } catch (err) {
    throw new ResultsError(`${summaryFile}: unreadable (${(err as Error).message})`, { cause: err });
  }
  if (report?.version !== 1 || !Array.isArray(report.tests)) throw new ResultsError(`${summaryFile} is not a suite summary.json (version 1 with tests)`);
  const failures: string[] = [];
  const comparison = readComparison(dir, failures);
  if (failures.length) throw new ResultsError(failures[0]!);
  const { runs } = loadRunDir(dir);
  const path = join(dir, 'report.html');
  try {
    writeFileAtomic(path, renderHtml(report, runs, comparison ? { comparison } : {}));
  } catch (err) {
    throw new ResultsError(`${path}: ${(err as Error).message}`, { cause: err });
  }
  return path;
}

/**
 * Reads the run folder and writes `summary.json`, `report.md`, `report.html` (and JUnit XML,
 * and the GitHub step summary, when asked). Each file is written on its own: a failure of one is
 * listed in `failures` and never stops the others. Never throws.
 */
export function writeSuiteReports(options: WriteReportsOptions): WrittenReports {
  const env = options.env ?? process.env;
  const dir = resolve(options.dir);
  const failures: string[] = [];
  const problems = [...(options.problems ?? [])];
  let runs: ReturnType<typeof loadRunDir>['runs'] = [];
  try {
    // No folder yet: no run was saved (a run interrupted or failing before its first result).
    const loaded = existsSync(dir) ? loadRunDir(dir) : { runs: [], problems: [] };
    runs = loaded.runs;
    problems.push(...loaded.problems);
  } catch (err) {
    problems.push((err as Error).message);
  }
  const capacity = readCapacity(dir, problems);
  const report = buildSuiteReport({
    runId: basename(dir),
    runDir: dir,
    runs,
    tests: options.tests,
    lang: options.lang ?? reportLang(env),
    startedAt: options.startedAt,
    finishedAt: options.finishedAt,
    problems,
    capacity,
    interrupted: options.interrupted,
    ...traceUrlOf(env, problems),
  });
  const files: string[] = [];
  const attempt = (name: string, make: () => string, path = join(dir, name)) => {
    try {
      writeFileAtomic(path, make());
      files.push(path);
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
    }
  };
  let markdown = '';
  attempt('summary.json', () => `${JSON.stringify(redactDeep(report), null, 2)}\n`);
  attempt('report.md', () => (markdown = renderMarkdown(report)));
  const comparison = readComparison(dir, failures);
  attempt('report.html', () => renderHtml(report, runs, comparison ? { comparison } : {}));
  const junit = options.junitPath ?? env.PERF_JUNIT?.trim();
  if (junit) attempt('junit', () => renderJunit(report), resolve(junit));
  const step = options.stepSummaryPath ?? env.GITHUB_STEP_SUMMARY?.trim();
  if (step && markdown) {
    try {
      appendFileSync(step, `${markdown}\n`);
      files.push(step);
    } catch (err) {
      failures.push(`GITHUB_STEP_SUMMARY ${step}: ${(err as Error).message}`);
    }
  }
  return { report, files, failures };
}

/** `PERF_TRACE_URL` for the reports' links; a bad value (checked at the edge already) becomes a problem, never a throw. */
function traceUrlOf(env: NodeJS.ProcessEnv, problems: string[]): { traceUrl?: string } {
  try {
    const traceUrl = traceUrlFromEnv(env);
    return traceUrl ? { traceUrl } : {};
  } catch (err) {
    problems.push((err as Error).message);
    return {};
  }
}
