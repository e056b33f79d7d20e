import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, isPerfError } from '../core/errors.ts';
import { groupMergeInputs, loadMergeInputs, type MergeGroup } from '../merge/inputs.ts';
import { mergeSummaries } from '../merge/merge-summaries.ts';
import { redact } from '../report/redact.ts';
import { saveRunSummary, slugify, type RunMeta } from '../result/store.ts';
import { writeSuiteReports } from '../report/write-reports.ts';
import { environmentDifferences } from '../result/environment.ts';
import type { RunSummary } from '../result/types.ts';
import { evaluateSlo } from '../slo/evaluate.ts';
import { parseSloExpression } from '../slo/expression.ts';
import type { Slo } from '../slo/types.ts';
import { formatSummary } from './format-summary.ts';
import { EXIT, type CliIo } from './io.ts';
import { checkOutputFile, writeFileAtomicSync } from './output-file.ts';
import { argsError } from './args-error.ts';

export const MERGE_HELP = [
  'Usage: pnpm -s perf merge <file|dir>... [--json OUT] [--slo EXPR] [--out DIR] [-q]',
  '',
  'Merges the shards of runs (`perf run --shard i/N --json`, or results folders of the suite run',
  'with PERF_SHARD / `pnpm test:perf --shard=i/N`) into one summary per run and one set of reports.',
  'Histograms merge exactly (HDR), per second too; each run\'s SLO is evaluated again on the merged',
  'numbers (the SLO the shards were run with, or --slo).',
  '',
  '  <file|dir>...     Run summaries, stored runs, results folders (runs/*.json) or folders of summaries',
  '  --json OUT        Write the merged run summary (several runs: {version, runs: [{meta, summary}]})',
  '  --slo EXPR        Judge every merged run by this SLO instead (e.g. p95<200,errors<0.01)',
  '  --out DIR         Folder of the reports: runs/*.json, summary.json, report.md, report.html, junit.xml',
  '                    (default ./results-merged; its runs/*.json are replaced)',
  '  -q, --quiet       No per-run summary on stdout',
  '  -h, --help        This help',
  '',
  'Refuses (exit 2, naming the files) shards of different schedules, targets, SLOs or start times, a',
  'missing shard, the same shard twice, two shards with the same samples, any file the run-summary schema',
  'rejects or larger than 128 MiB, and any file whose counts, histograms or timeline contradict each other.',
  'The reports\' start and duration span the merged runs\' own times (never the time of the merge).',
  'Exit codes: 0 every merged run met its SLO, 1 one did not (or none of its requests succeeded), 2 bad input.',
];

/** A merged run: its summary (SLO judged) and where it came from. */
export interface MergedRun {
  key: string;
  meta: RunMeta;
  summary: RunSummary;
  files: string[];
  /** How the inputs' environments differ from the first's (target version, generator machine, simulator profile). */
  environmentNotes: string[];
}

function metaOf(group: MergeGroup, summary: RunSummary): RunMeta {
  const given = group.inputs[0]!.meta;
  if (given) return given;
  const target = summary.shard?.target ?? summary.name;
  return {
    endpoint: slugify(summary.name),
    route: target.replace(/^(\w+) https?:\/\/[^/]+/, '$1 '),
    scenario: summary.name,
    targetRps: summary.throughput.targetRps,
    sse: summary.stream !== undefined,
    profile: 'merged',
    target,
  };
}

/** Merges every group and judges it: `slo` (from --slo) wins over the SLO the shards recorded. */
export function mergeGroups(groups: readonly MergeGroup[], slo?: Slo): MergedRun[] {
  return groups.map((g) => {
    const sharded = g.inputs[0]!.summary.shard !== undefined;
    const labels = g.inputs.map((i) => (i.summary.shard ? `shard ${i.summary.shard.index}/${i.summary.shard.count} (${basename(i.file)})` : basename(i.file)));
    let summary = sharded ? mergeSummaries(g.inputs.map((i) => i.summary), labels) : g.inputs[0]!.summary;
    const spec = slo ?? (g.inputs[0]!.summary.shard?.slo ?? undefined);
    if (spec) summary = { ...summary, slo: evaluateSlo(summary, spec) };
    const first = g.inputs[0]!.summary.environment;
    const environmentNotes = [...new Set(g.inputs.slice(1).flatMap((i) => environmentDifferences(first, i.summary.environment)))];
    return { key: g.key, meta: metaOf(g, summary), summary, files: g.inputs.map((i) => i.file), environmentNotes };
  });
}

/** 0 when every run passed (its SLO, or at least one ok request without one), else 1. */
export function mergedVerdict(runs: readonly MergedRun[]): number {
  const failed = runs.some((r) => (r.summary.slo ? !r.summary.slo.passed : r.summary.requests.ok === 0));
  return failed ? EXIT.sloFailed : EXIT.ok;
}

/**
 * The merged suite's own time span: from the earliest start of the merged runs (warm-up included)
 * to the latest end of their recording. Undefined when no run has a valid start.
 */
export function mergedTimeSpan(runs: readonly MergedRun[]): { startedAt: string; finishedAt: string } | undefined {
  const spans = runs
    .map((r) => ({ at: Date.parse(r.summary.startedAt), warm: r.summary.warmup?.durationS ?? 0, dur: r.summary.durationS }))
    .filter((x) => Number.isFinite(x.at));
  if (spans.length === 0) return undefined;
  const start = Math.min(...spans.map((x) => x.at - x.warm * 1000));
  const end = Math.max(...spans.map((x) => x.at + x.dur * 1000));
  return { startedAt: new Date(start).toISOString(), finishedAt: new Date(Math.max(start, end)).toISOString() };
}

function clearRuns(dir: string): void {
  const runs = join(dir, 'runs');
  let names: string[] = [];
  try {
    names = readdirSync(runs);
  } catch {
    return;
  }
  for (const n of names) if (n.endsWith('.json')) rmSync(join(runs, n), { force: true });
}

/** `perf merge`: 0 merged verdict passed, 1 failed, 2 bad input. Never throws. */
export async function runMergeCommand(argv: string[], io: CliIo): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
          json: { type: 'string' },
          slo: { type: 'string' },
          out: { type: 'string' },
          quiet: { type: 'boolean', short: 'q' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (err) {
      throw argsError(err, 'merge');
    }
    const { values, positionals } = parsed;
    if (values.help) {
      for (const l of MERGE_HELP) io.stdout(l);
      return EXIT.ok;
    }
    if (positionals.length === 0) throw new ConfigError('perf merge: expected at least one file or folder to merge (see perf merge --help)');
    const slo = values.slo !== undefined ? parseSloExpression(values.slo, '--slo') : undefined;
    const jsonPath = values.json !== undefined ? checkOutputFile(values.json, '--json') : undefined;
    const outDir = resolve(values.out ?? 'results-merged');
    if (positionals.some((p) => resolve(p) === outDir)) throw new ConfigError(`--out: ${outDir} is also an input; write the merged reports elsewhere`);

    const runs = mergeGroups(groupMergeInputs(loadMergeInputs(positionals)), slo);

    if (!values.quiet) {
      for (const r of runs) {
        io.stdout(redact(`== ${r.key}: ${r.files.length} file${r.files.length > 1 ? 's' : ''} merged`));
        for (const line of formatSummary(r.summary)) io.stdout(redact(line));
      }
    }
    if (jsonPath) {
      const doc = runs.length === 1 ? runs[0]!.summary : { version: 1, runs: runs.map((r) => ({ meta: r.meta, summary: r.summary })) };
      writeFileAtomicSync(jsonPath, `${JSON.stringify(doc, null, 2)}\n`, '--json');
    }
    for (const r of runs) for (const n of r.environmentNotes) io.stderr(redact(`perf merge: ${r.key}: environment: ${n}`));
    mkdirSync(outDir, { recursive: true });
    clearRuns(outDir);
    for (const r of runs) saveRunSummary(r.summary, r.meta, outDir);
    const span = mergedTimeSpan(runs);
    const written = writeSuiteReports({ dir: outDir, junitPath: join(outDir, 'junit.xml'), ...(span ?? {}), ...(io.env ? { env: io.env } : {}) });
    for (const f of written.failures) io.stderr(redact(`perf merge: ${f}`));
    if (!values.quiet) io.stderr(redact(`perf merge: reports written to ${outDir} (report.md, report.html, junit.xml)`));
    if (written.failures.length > 0) return EXIT.usage;
    return mergedVerdict(runs);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(redact(isPerfError(err) ? message : `perf merge: unexpected error: ${message}`));
    return EXIT.usage;
  }
}
