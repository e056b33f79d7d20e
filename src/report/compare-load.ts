import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ResultsError } from '../core/errors.ts';
import { readJsonFile } from '../result/read.ts';
import type { RunEnvironment } from '../result/environment.ts';
import { environmentSchema, parseRunSummary } from '../result/schema.ts';
import { loadRunDir, slugify, type RunMeta } from '../result/store.ts';
import type { RunSummary } from '../result/types.ts';
import { observeSummary, type RunObservation } from './compare-observe.ts';
import { headline, type HeadlineMetrics } from './suite-report.ts';

/** One comparable test: its label and headline metrics (of its last run). */
export interface ComparableEntry {
  key: string;
  label: string;
  metrics: HeadlineMetrics;
  /**
   * Every run of the test (`PERF_REPEAT` keeps each one), as `perf compare` judges them; absent when
   * only headline metrics were read (a summary.json): the headline is then the one run.
   */
  runs?: { metrics: HeadlineMetrics; observed: RunObservation }[];
}

export interface Comparable {
  source: string;
  entries: ComparableEntry[];
  /** The run's environment, when its files carry one. */
  environment?: RunEnvironment;
}

function entryKey(endpoint: string, scenario: string): string {
  return `${slugify(endpoint)}::${slugify(scenario)}`;
}

function runOf(summary: RunSummary): NonNullable<ComparableEntry['runs']>[number] {
  const metrics = headline(summary);
  return { metrics, observed: observeSummary(summary, metrics) };
}

function fromMeta(meta: RunMeta, summary: RunSummary): ComparableEntry {
  const run = runOf(summary);
  return { key: entryKey(meta.endpoint, meta.scenario), label: `${meta.endpoint}: ${meta.scenario}`, metrics: run.metrics, runs: [run] };
}

/** One entry per test, its repeated runs (`<test>.<k>.json`, same endpoint and scenario) together in file order. */
function groupRuns(entries: ComparableEntry[]): ComparableEntry[] {
  const by = new Map<string, ComparableEntry>();
  for (const e of entries) {
    const seen = by.get(e.key);
    if (seen) by.set(e.key, { ...e, runs: [...(seen.runs ?? []), ...(e.runs ?? [])] });
    else by.set(e.key, e);
  }
  return [...by.values()];
}

/**
 * The passes of a repeated run (`PERF_REPEAT`: `<dir>/repeat/<k>/runs/*.json`, k = 1, 2, ...) in pass
 * order; none when the folder has no `repeat/`.
 */
function repeatedRuns(dir: string, role: string): ComparableEntry[] {
  let passes: string[];
  try {
    passes = readdirSync(join(dir, 'repeat')).filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(a) - Number(b));
  } catch {
    return [];
  }
  return passes.flatMap((k) => {
    const { runs, problems } = loadRunDir(join(dir, 'repeat', k));
    if (problems.length) throw new ResultsError(`${role}: ${problems[0]}`);
    return runs.map((r) => fromMeta(r.meta, r.summary));
  });
}

function hasRunFiles(dir: string): boolean {
  try {
    return readdirSync(join(dir, 'runs')).some((n) => n.endsWith('.json'));
  } catch {
    return false;
  }
}

const num = z.number().finite();
/** The headline metrics `compare` reads from each test of a summary.json. */
const headlineSchema = z.looseObject({
  targetRps: num.min(0),
  achievedRps: num.min(0),
  p50: num,
  p95: num,
  p99: num,
  errorRate: num.min(0),
  errors: z.record(z.string(), num.min(0)).default({}),
  requests: num.min(0),
  samples: num.min(0).optional(),
  generatorValid: z.boolean(),
});
const runReportSchema = z.looseObject({
  version: z.literal(1),
  tests: z.array(z.looseObject({ endpoint: z.string(), scenario: z.string(), metrics: headlineSchema.nullish() })),
});
const storedRunSchema = z.looseObject({ meta: z.looseObject({ endpoint: z.string(), scenario: z.string() }), summary: z.unknown() });

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? issue.path.map(String).join('.') : '(top level)'}: ${issue.message}`;
}

function summaryOrThrow(value: unknown, file: string, role: string, what: string): RunSummary {
  const parsed = parseRunSummary(value);
  if (!parsed.ok) throw new ResultsError(`${role}: ${file} is not a valid ${what}: ${parsed.error}`);
  return parsed.summary;
}

function fromJson(value: unknown, file: string, role: string): ComparableEntry[] {
  const v = value as Record<string, unknown> | null;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new ResultsError(`${role}: ${file} is not a run summary, a stored run or a summary.json (expected a JSON object)`);
  }
  if ('tests' in v) {
    const report = runReportSchema.safeParse(v);
    if (!report.success) throw new ResultsError(`${role}: ${file} is not a valid summary.json: ${firstIssue(report.error)}`);
    return report.data.tests.flatMap((t) =>
      t.metrics ? [{ key: entryKey(t.endpoint, t.scenario), label: `${t.endpoint}: ${t.scenario}`, metrics: t.metrics as HeadlineMetrics }] : [],
    );
  }
  if ('meta' in v && 'summary' in v) {
    const stored = storedRunSchema.safeParse(v);
    if (!stored.success) throw new ResultsError(`${role}: ${file} is not a valid stored run: ${firstIssue(stored.error)}`);
    const summary = summaryOrThrow((v as { summary: unknown }).summary, file, role, 'stored run: summary');
    return [fromMeta(stored.data.meta as RunMeta, summary)];
  }
  if ('version' in v || 'latencyMs' in v || 'throughput' in v) {
    const summary = summaryOrThrow(v, file, role, 'run summary');
    const run = runOf(summary);
    return [{ key: slugify(summary.name), label: summary.name, metrics: run.metrics, runs: [run] }];
  }
  throw new ResultsError(`${role}: ${file} is not a run summary, a stored run or a summary.json`);
}

/**
 * Reads what `compare` accepts: a run folder (`runs/*.json`, whole summaries with their histograms,
 * a test's repeated runs as one entry; else `summary.json`'s headline metrics), a
 * `summary.json`, a stored run, or a run summary from `pnpm perf run --json`. Bad input is a
 * `ResultsError` naming the file.
 */
export function loadComparable(path: string, role = 'input'): Comparable {
  if (!existsSync(path)) throw new ResultsError(`${role}: no such file or folder: ${path}`);
  if (statSync(path).isDirectory()) {
    const summaryFile = join(path, 'summary.json');
    if (existsSync(summaryFile) && !hasRunFiles(path)) return withEnvironment({ source: summaryFile, entries: [] }, readJsonFile(summaryFile, role), summaryFile, role);
    const { runs, problems } = loadRunDir(path);
    if (problems.length) throw new ResultsError(`${role}: ${problems[0]}`);
    if (runs.length === 0) throw new ResultsError(`${role}: no results in ${path} (expected summary.json or runs/*.json)`);
    const environment = runs.map((r) => r.summary.environment).findLast((e) => e !== undefined);
    const repeated = repeatedRuns(path, role);
    // A repeated test's runs/ file is its last pass, already among the passes.
    const single = runs.map((r) => fromMeta(r.meta, r.summary)).filter((e) => !repeated.some((p) => p.key === e.key));
    return { source: path, entries: groupRuns([...repeated, ...single]), ...(environment ? { environment } : {}) };
  }
  return withEnvironment({ source: path, entries: [] }, readJsonFile(path, role), path, role);
}

function withEnvironment(c: Comparable, value: unknown, file: string, role: string): Comparable {
  const entries = fromJson(value, file, role);
  const v = value as { environment?: unknown; summary?: { environment?: unknown } };
  const parsed = environmentSchema.safeParse(v.environment ?? v.summary?.environment);
  return { ...c, entries, ...(parsed.success ? { environment: parsed.data as RunEnvironment } : {}) };
}

