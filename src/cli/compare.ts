import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { escapeControlChars } from '../core/control-chars.ts';
import { isPerfError } from '../core/errors.ts';
import { compareRuns, DEFAULT_THRESHOLDS, formatCompare, loadComparable, type CompareThresholds } from '../report/compare.ts';
import { redact } from '../report/redact.ts';
import { rewriteHtmlReport } from '../report/write-reports.ts';
import { writeFileAtomic } from '../result/store.ts';

/** Where the command writes (`CliIo` of src/cli/io.ts is compatible). */
export interface CompareIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

export const COMPARE_HELP = [
  'Usage: pnpm -s perf compare BASE HEAD [options]',
  '',
  'Compares two runs and flags regressions. BASE and HEAD are each a results folder',
  '(results/<run-id>/: its summary.json, else runs/*.json), a summary.json, a stored run file,',
  'or a run summary written by `pnpm perf run --json`. Tests are paired by endpoint and scenario;',
  'two single runs are paired whatever their names.',
  '',
  'Thresholds (defaults measured as ~2x run-to-run noise, see docs/REPORTS.md):',
  `  --p50 PCT          Allowed p50 increase in percent (default ${DEFAULT_THRESHOLDS.p50 * 100})`,
  `  --p95 PCT          Allowed p95 increase in percent (default ${DEFAULT_THRESHOLDS.p95 * 100})`,
  `  --p99 PCT          Allowed p99 increase in percent (default ${DEFAULT_THRESHOLDS.p99 * 100})`,
  '  --latency PCT      Sets --p50, --p95 and --p99 at once (the specific flags win)',
  `  --rate PCT         Allowed drop of achieved/target rate, in points (default ${DEFAULT_THRESHOLDS.rate * 100})`,
  `  --errors PP        Allowed error-rate increase in percentage points (default ${DEFAULT_THRESHOLDS.errorRate * 100})`,
  `  --min-ms MS        Latency changes below this never regress (default ${DEFAULT_THRESHOLDS.minLatencyMs})`,
  `  --min-tail N       Judge a percentile only with at least N samples above it in both runs (default ${DEFAULT_THRESHOLDS.minTailSamples})`,
  '  --json             Print the comparison as JSON on stdout',
  '  --report           HEAD is a results folder of a suite run: save the comparison there as compare.json',
  '                     (the --json document) and rewrite its report.html with a Comparison section',
  '  -h, --help         This help',
  '',
  'Exit codes: 0 no regression, 1 a metric regressed past its threshold, 2 bad input',
  '(missing folder, unreadable or garbage JSON, a field the run-summary schema rejects, named with',
  'its file; not a regular file or larger than 128 MiB, refused unread; nothing to compare).',
];

const pct = (name: string) =>
  z.coerce.number({ error: `--${name} must be a number (percent)` }).min(0, { error: `--${name} must be >= 0` }).optional();

const flagsSchema = z.object({
  p50: pct('p50'),
  p95: pct('p95'),
  p99: pct('p99'),
  latency: pct('latency'),
  rate: pct('rate'),
  errors: pct('errors'),
  'min-ms': pct('min-ms'),
  'min-tail': pct('min-tail'),
});

function thresholdsFrom(values: Record<string, unknown>): CompareThresholds {
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(z.prettifyError(parsed.error));
  const f = parsed.data;
  const d = DEFAULT_THRESHOLDS;
  const lat = f.latency !== undefined ? f.latency / 100 : undefined;
  return {
    p50: f.p50 !== undefined ? f.p50 / 100 : (lat ?? d.p50),
    p95: f.p95 !== undefined ? f.p95 / 100 : (lat ?? d.p95),
    p99: f.p99 !== undefined ? f.p99 / 100 : (lat ?? d.p99),
    rate: f.rate !== undefined ? f.rate / 100 : d.rate,
    errorRate: f.errors !== undefined ? f.errors / 100 : d.errorRate,
    minLatencyMs: f['min-ms'] ?? d.minLatencyMs,
    minTailSamples: f['min-tail'] ?? d.minTailSamples,
  };
}

class UsageError extends Error {}

/** `pnpm perf compare BASE HEAD`: 0 no regression, 1 regression, 2 bad input. Never throws. */
export async function runCompareCommand(argv: string[], io: CompareIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        p50: { type: 'string' },
        p95: { type: 'string' },
        p99: { type: 'string' },
        latency: { type: 'string' },
        rate: { type: 'string' },
        errors: { type: 'string' },
        'min-ms': { type: 'string' },
        'min-tail': { type: 'string' },
        json: { type: 'boolean' },
        report: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      for (const l of COMPARE_HELP) io.stdout(l);
      return 0;
    }
    if (positionals.length !== 2) throw new UsageError(`expected BASE and HEAD, got ${positionals.length} argument(s)`);
    const thresholds = thresholdsFrom(values);
    const headDir = positionals[1]!;
    if (values.report && !(existsSync(join(headDir, 'summary.json')) && statSync(headDir).isDirectory())) {
      throw new UsageError(`--report: HEAD must be a results folder with a summary.json (got ${headDir})`);
    }
    const base = loadComparable(positionals[0]!, 'BASE');
    const head = loadComparable(positionals[1]!, 'HEAD');
    const result = compareRuns(base, head, thresholds);
    if (result.diffs.length === 0) {
      io.stderr(escapeControlChars(redact(`perf compare: nothing to compare: no test of BASE (${base.source}) matches one of HEAD (${head.source})`)));
      return 2;
    }
    const doc = redact(JSON.stringify({ base: base.source, head: head.source, thresholds, ...result }));
    if (values.json) io.stdout(doc);
    else for (const line of formatCompare(result, base, head)) io.stdout(escapeControlChars(redact(line)));
    if (values.report) {
      const saved = join(headDir, 'compare.json');
      writeFileAtomic(saved, `${doc}\n`);
      const html = rewriteHtmlReport(headDir);
      (values.json ? io.stderr : io.stdout)(escapeControlChars(redact(`comparison saved to ${saved}; ${html} now shows it`)));
    }
    return result.regressed ? 1 : 0;
  } catch (err) {
    const message = err instanceof UsageError || isPerfError(err) || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ? (err as Error).message
      : `unexpected error: ${(err as Error).message}`;
    io.stderr(escapeControlChars(redact(`perf compare: ${message}`)));
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) io.stderr('usage: pnpm -s perf compare BASE HEAD [--p95 PCT ...] (see --help)');
    return 2;
  }
}
