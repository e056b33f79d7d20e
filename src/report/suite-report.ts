import { basename, relative } from 'node:path';
import type { ErrorKind } from '../core/outcome.ts';
import type { RunSummary, SloResult } from '../result/types.ts';
import { normalizeCapacity, type CapacityReport } from './capacity.ts';
import { mixReport, type MixReport } from './mix.ts';
import { type Lang } from './messages.ts';
import { observationText, observe, renderObservation } from './observations.ts';
import { redact, redactDeep } from './redact.ts';
import type { RunEnvironment } from '../result/environment.ts';
import type { Exemplars } from '../result/exemplar-types.ts';
import { slugify, type RunMeta, type StoredRun } from '../result/store.ts';
import { round3 } from '../core/round.ts';

/** `interrupted`: the run was stopped by a signal or a cancelled test run; its numbers are partial and judge nothing. */
export type Verdict = 'pass' | 'fail' | 'error' | 'skipped' | 'interrupted';

/** Headline numbers of one test, enough to compare runs without the run files. */
export interface HeadlineMetrics {
  targetRps: number;
  achievedRps: number;
  p50: number;
  p95: number;
  p99: number;
  ttftP95?: number;
  errorRate: number;
  errors: Partial<Record<ErrorKind, number>>;
  /** Application error codes of `api_error` responses (`RunSummary.apiCodes`). */
  apiCodes?: Record<string, number>;
  /** Response body sizes in bytes (`RunSummary.responseBytes`). */
  responseBytes?: { p50: number; max: number };
  requests: number;
  /** Ok requests behind the percentiles; 0 when none succeeded (the percentiles then read "n/a"). */
  samples?: number;
  /** Present (0) when no request ended at all (a run interrupted before any answer): the error rate reads "n/a". */
  completed?: 0;
  /** `whole` when the run stopped before its judged window: the numbers cover the part that ran. */
  scope?: 'whole';
  generatorValid: boolean;
}

/** How vitest saw a test (the reporter fills it; absent for runs stored outside vitest). */
export interface TestInfo {
  id: string;
  /** Module path relative to the project root. */
  file: string;
  /** The test's own name (the scenario sentence). */
  name: string;
  fullName: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  durationMs?: number;
  errors: string[];
  /** Why it was skipped (the note of `skip(note)`), when it was. */
  skipNote?: string;
  /** A priority label the suite gave it (`P0`, `P1`, ...: the test's `meta.priority`). */
  priority?: string;
}

/** One row of the report: a perf test and/or its stored run. */
export interface ReportTest extends Pick<RunMeta, 'endpoint' | 'route' | 'scenario' | 'phase' | 'priority' | 'targetRps' | 'sse'> {
  verdict: Verdict;
  test?: TestInfo;
  /** Run file relative to the run folder. */
  runFile?: string;
  metrics?: HeadlineMetrics;
  slo?: SloResult | null;
  observations: string[];
  /** A run of journeys (endpoints at once): its steps, journeys and the step that degraded first. */
  mix?: MixReport;
  /** The requests behind the run's numbers, by trace id (the run's `exemplars`). */
  exemplars?: Exemplars;
}

/** `summary.json`: the report of a whole suite run, every test's run in it (one run's numbers are a `RunSummary`). */
export interface SuiteReport {
  version: 1;
  runId: string;
  profile: string;
  target: string;
  lang: Lang;
  startedAt: string;
  finishedAt: string;
  durationS: number;
  passed: boolean;
  /** The suite run was interrupted (SIGINT, SIGTERM): the results are partial; never `passed`. */
  interrupted: boolean;
  counts: { tests: number; passed: number; failed: number; errored: number; skipped: number; interrupted: number };
  tests: ReportTest[];
  /** Capacity search results per endpoint (from the capacity engineer, or runs' `extra.capacity`). */
  capacity?: CapacityReport[];
  /** Things that went wrong outside a test: unreadable files, unhandled errors. */
  problems: string[];
  /** Target, suite checkout, generator machine and simulator of the run (from its stored runs). */
  environment?: RunEnvironment;
  /** Where a trace id opens, `{traceId}` replaced (`PERF_TRACE_URL`): exemplars become links. */
  traceUrl?: string;
}


/**
 * The headline numbers of a run: the judged window's, with latency of the ok requests only
 * (`samples` 0: none succeeded, shown as "n/a"). A run stopped before its judged window began
 * (abort-on-fail in the ramp) has an empty window; its headline then covers the part that ran
 * (`scope: 'whole'`), with `plannedTargetRps` (the rate the test meant to hold) as target.
 * Summaries written before `sentRps` existed counted sent iterations as achieved: their rate is
 * scaled by ok / sent.
 */
export function headline(s: RunSummary, plannedTargetRps?: number): HeadlineMetrics {
  const w = s.whole;
  const beforeWindow = s.requests.scheduled === 0 && (w?.requests.scheduled ?? 0) > 0;
  const req = beforeWindow ? w.requests : s.requests;
  const lat = beforeWindow ? (w.latencyMs ?? s.latencyMs) : s.latencyMs;
  const t = s.throughput;
  let targetRps = t.targetRps;
  let achievedRps = t.sentRps === undefined && req.sent > 0 ? round3((t.achievedRps * req.ok) / req.sent) : t.achievedRps;
  if (beforeWindow) {
    targetRps = plannedTargetRps && plannedTargetRps > 0 ? plannedTargetRps : s.durationS > 0 ? round3(req.scheduled / s.durationS) : 0;
    achievedRps = s.durationS > 0 ? round3(req.ok / s.durationS) : 0;
  }
  return {
    targetRps,
    achievedRps,
    p50: lat.p50,
    p95: lat.p95,
    p99: lat.p99,
    ...(s.stream && s.stream.ttftMs.count > 0 ? { ttftP95: s.stream.ttftMs.p95 } : {}),
    errorRate: beforeWindow ? w.errorRate : s.errorRate,
    errors: beforeWindow ? (w.errors ?? s.errors) : s.errors,
    ...(s.apiCodes && Object.keys(s.apiCodes).length > 0 ? { apiCodes: s.apiCodes } : {}),
    ...(s.responseBytes && s.responseBytes.count > 0 ? { responseBytes: { p50: s.responseBytes.p50, max: s.responseBytes.max } } : {}),
    requests: req.scheduled,
    samples: lat.count,
    ...(req.completed + req.dropped === 0 ? { completed: 0 } : {}),
    ...(beforeWindow ? { scope: 'whole' as const } : {}),
    generatorValid: s.generator.valid,
  };
}

/** Perf file base name: `perf/guest-chat.perf.ts` → `guest-chat`. */
export function endpointOfFile(file: string): string {
  return basename(file).replace(/\.perf\.[cm]?[jt]s$/, '').replace(/\.[cm]?[jt]s$/, '');
}

function verdictOf(test: TestInfo | undefined, summary: RunSummary | undefined, interrupted: boolean): Verdict {
  if (summary?.interrupted) return 'interrupted';
  if (test?.state === 'skipped') return 'skipped';
  // Never started because the run was interrupted first: not a crash.
  if (!summary && interrupted && test?.state === 'pending') return 'skipped';
  if (!summary) return test?.state === 'failed' || test?.state === 'pending' ? 'error' : test ? 'pass' : 'error';
  if (summary.slo && !summary.slo.passed) return 'fail';
  if (test?.state === 'failed') return 'fail';
  return 'pass';
}

export interface BuildReportInput {
  runId: string;
  runDir: string;
  runs: StoredRun[];
  tests?: TestInfo[];
  lang: Lang;
  startedAt?: string;
  finishedAt?: string;
  profile?: string;
  target?: string;
  problems?: string[];
  /** The suite run was interrupted (vitest's `onTestRunEnd` reason `interrupted`). */
  interrupted?: boolean;
  /** Capacity results given directly (summary.json `capacity`). */
  capacity?: unknown;
  /** `PERF_TRACE_URL`: where a trace id opens. */
  traceUrl?: string;
}

/** A row's name in every table: `chat · new users` for a phased run, else the endpoint. */
export function rowLabel(r: Pick<ReportTest, 'endpoint' | 'phase'>): string {
  return r.phase ? `${r.endpoint} · ${r.phase}` : r.endpoint;
}

/**
 * Joins vitest's tests with the stored runs: a run belongs to the test whose file base name is
 * the run's endpoint and whose name slugs to the run's scenario. Tests without a run (crashed
 * before saving) and runs without a test (stored by other tools) both keep their row.
 */
export function buildSuiteReport(input: BuildReportInput): SuiteReport {
  const { lang } = input;
  const unmatched = new Map(input.runs.map((r) => [r.file, r]));
  const rows: ReportTest[] = [];
  const row = (meta: RunMeta | undefined, test: TestInfo | undefined, run: StoredRun | undefined): ReportTest => {
    const summary = run?.summary;
    const endpoint = meta?.endpoint ?? (test ? endpointOfFile(test.file) : 'unknown');
    const observations = summary ? observe(summary).map((o) => renderObservation(o, lang)) : [];
    if (!summary && test?.errors.length) observations.push(...test.errors.slice(0, 2).map((e) => redact(e.split('\n')[0] ?? e)));
    if (!summary && test?.state === 'skipped' && test.skipNote) observations.push(redact(test.skipNote));
    const priority = meta?.priority ?? test?.priority;
    return {
      endpoint,
      route: meta?.route ?? test?.fullName.split(' > ')[0] ?? '',
      scenario: meta?.scenario ?? test?.name ?? '',
      ...(meta?.phase ? { phase: meta.phase } : {}),
      ...(typeof priority === 'string' ? { priority } : {}),
      targetRps: meta?.targetRps ?? summary?.throughput.targetRps ?? 0,
      sse: meta?.sse ?? Boolean(summary?.stream),
      verdict: verdictOf(test, summary, Boolean(input.interrupted)),
      ...(test ? { test: { ...test, errors: test.errors.map(redact) } } : {}),
      ...(run ? { runFile: relative(input.runDir, run.file) } : {}),
      ...(summary ? { metrics: headline(summary, meta?.targetRps), slo: summary.slo } : {}),
      ...(summary && mixReport(summary) ? { mix: mixReport(summary)! } : {}),
      ...(summary?.exemplars ? { exemplars: summary.exemplars } : {}),
      observations: summary && observations.length === 0 ? [observationText(summary, lang)] : observations,
    };
  };
  for (const test of input.tests ?? []) {
    const endpoint = endpointOfFile(test.file);
    const match = [...unmatched.values()].find(
      (r) => slugify(r.meta.endpoint) === slugify(endpoint) && slugify(r.meta.scenario) === slugify(test.name),
    );
    if (match) unmatched.delete(match.file);
    rows.push(row(match?.meta, test, match));
  }
  for (const run of unmatched.values()) rows.push(row(run.meta, undefined, run));

  const counts = { tests: rows.length, passed: 0, failed: 0, errored: 0, skipped: 0, interrupted: 0 };
  for (const r of rows) {
    if (r.verdict === 'pass') counts.passed++;
    else if (r.verdict === 'fail') counts.failed++;
    else if (r.verdict === 'error') counts.errored++;
    else if (r.verdict === 'interrupted') counts.interrupted++;
    else counts.skipped++;
  }
  const firstMeta = input.runs[0]?.meta;
  const starts = input.runs.map((r) => Date.parse(r.summary.startedAt)).filter(Number.isFinite);
  const startedAt = input.startedAt ?? (starts.length ? new Date(Math.min(...starts)).toISOString() : new Date().toISOString());
  const finishedAt = input.finishedAt ?? new Date().toISOString();
  const capacity = normalizeCapacity(input.capacity, input.runs);
  const interrupted = Boolean(input.interrupted) || counts.interrupted > 0;
  const environment = input.runs.map((r) => r.summary.environment).findLast((e) => e !== undefined);
  return {
    version: 1,
    runId: input.runId,
    profile: input.profile ?? firstMeta?.profile ?? process.env.PERF_PROFILE ?? 'default',
    target: redact(input.target ?? firstMeta?.target ?? ''),
    lang,
    startedAt,
    finishedAt,
    durationS: Math.max(0, Math.round((Date.parse(finishedAt) - Date.parse(startedAt)) / 100) / 10),
    passed: counts.failed === 0 && counts.errored === 0 && !interrupted && (input.problems ?? []).length === 0,
    interrupted,
    counts,
    tests: rows,
    ...(capacity.length ? { capacity } : {}),
    problems: (input.problems ?? []).map(redact),
    ...(environment ? { environment: redactDeep(environment) } : {}),
    ...(input.traceUrl ? { traceUrl: input.traceUrl } : {}),
  };
}
