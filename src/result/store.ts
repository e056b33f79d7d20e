import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, ResultsError } from '../core/errors.ts';
import { readJsonFile } from './read.ts';
import { parseRunSummary } from './schema.ts';
import type { RunSummary } from './types.ts';
import { redactDeep } from '../report/redact.ts';

/** What a perf test ran, stored next to its run summary. */
export type RunMeta = {
  /** Perf file base name, e.g. `guest-chat`. */
  endpoint: string;
  /** `METHOD /path`. */
  route: string;
  /** The test's name (a sentence). */
  scenario: string;
  /**
   * The group of users the scenario measures when an endpoint runs in several phases
   * (`old users`, `new users`): the report's row reads `<endpoint> · <phase>`. Absent otherwise.
   */
  phase?: string;
  /** A priority label the suite gives the test (`P0`, `P1`, ...): report.md groups its rows by it. Absent otherwise. */
  priority?: string;
  targetRps: number;
  sse: boolean;
  /** Load profile name (`pr`, `stress`, ...). */
  profile: string;
  /** Target base URL. */
  target: string;
};

/** One stored run: the file `<runDir>/runs/<endpoint>--<scenario-slug>.json`. */
export interface StoredRun {
  meta: RunMeta;
  summary: RunSummary;
  /** Absolute path of the file it was read from. */
  file: string;
}

let generatedRunId: string | undefined;

/** A run id from a time: `20250814-093012-4821` (sortable, filesystem-safe). */
export function makeRunId(now: Date = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${stamp}-${p(process.pid % 10000, 4)}`;
}

/**
 * A run id is one folder name under the results root: no path separator, not `.` or `..`, no
 * control character. Returns it; throws `ConfigError` naming `PERF_RUN_ID` otherwise.
 */
export function assertRunId(id: string): string {
  const why = /[/\\]/.test(id)
    ? 'it holds a path separator'
    : id === '.' || id === '..'
      ? 'it is the results folder itself or the one above'
      : /[\u0000-\u001f]/.test(id)
        ? 'it holds a control character'
        : undefined;
  if (why) throw new ConfigError(`PERF_RUN_ID=${JSON.stringify(id)} is not a folder name: ${why}; runs are written to <PERF_RESULTS_DIR>/<PERF_RUN_ID>/ (e.g. PERF_RUN_ID=pr-123)`);
  return id;
}

/**
 * `PERF_RUN_ID` (checked by `assertRunId`), or one generated once per process (and exported to
 * the environment so child processes started afterwards share it).
 */
export function runId(): string {
  const fromEnv = process.env.PERF_RUN_ID?.trim();
  if (fromEnv) return assertRunId(fromEnv);
  generatedRunId ??= makeRunId();
  process.env.PERF_RUN_ID = generatedRunId;
  return generatedRunId;
}

/** Root of all results: `PERF_RESULTS_DIR`, default `./results`. */
export function resultsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.PERF_RESULTS_DIR?.trim() || 'results');
}

/** `<PERF_RESULTS_DIR or ./results>/<PERF_RUN_ID>`. */
export function runDir(): string {
  return join(resultsRoot(), runId());
}

/** Lower-case, dash-separated, at most 80 characters, never empty. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug || 'run';
}

/** File name of a stored run. */
export function runFileName(meta: Pick<RunMeta, 'endpoint' | 'scenario'>): string {
  return `${slugify(meta.endpoint)}--${slugify(meta.scenario)}.json`;
}

/**
 * Writes text atomically: a temp file in the same folder, then a rename, so a killed process
 * never leaves a half-written file. Creates the folder. Throws `ResultsError` naming the path.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable; nothing was left behind
    }
    throw new ResultsError(`could not write results file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Saves a test's run summary (secrets redacted) as `{ meta, summary }` in
 * `<runDir>/runs/<endpoint>--<scenario-slug>.json`; returns the path.
 */
export function saveRunSummary(summary: RunSummary, meta: RunMeta, dir: string = runDir()): string {
  const path = join(dir, 'runs', runFileName(meta));
  writeFileAtomic(path, `${JSON.stringify(redactDeep({ meta, summary }), null, 2)}\n`);
  return path;
}

/** True when the value is a valid run summary (`runSummarySchema`, src/result/schema.ts). */
export function isRunSummary(value: unknown): value is RunSummary {
  return parseRunSummary(value).ok;
}

/** Reads one stored run file (`{ meta, summary }`, size capped); throws `ResultsError` naming the file and the bad field. */
export function readRunFile(file: string): StoredRun {
  const parsed = readJsonFile(file, '');
  const rec = parsed as { meta?: RunMeta; summary?: unknown } | null;
  if (!rec || typeof rec !== 'object' || !rec.meta) {
    throw new ResultsError(`${file}: not a stored run ({ meta, summary } with a version 1 run summary)`);
  }
  const summary = parseRunSummary(rec.summary);
  if (!summary.ok) throw new ResultsError(`${file}: not a stored run: summary.${summary.error}`);
  return { meta: rec.meta, summary: summary.summary, file: resolve(file) };
}

/**
 * Reads back every run stored under `<dir>/runs/`, sorted by file name. Unreadable files are
 * skipped and listed in `problems` so one broken file never hides the others.
 */
export function loadRunDir(dir: string): { runs: StoredRun[]; problems: string[] } {
  const runsDir = join(dir, 'runs');
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(runsDir).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && safeIsDir(dir)) return { runs: [], problems: [] };
    throw new ResultsError(`cannot read results folder ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const runs: StoredRun[] = [];
  const problems: string[] = [];
  for (const name of names) {
    try {
      runs.push(readRunFile(join(runsDir, name)));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return { runs, problems };
}

function safeIsDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
