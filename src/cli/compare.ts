import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { escapeControlChars } from '../core/control-chars.ts';
import { isPerfError } from '../core/errors.ts';
import { loadComparable } from '../report/compare-load.ts';
import { formatVerdicts, verdictsMarkdown } from '../report/compare-format.ts';
import { githubAnnotations, withComparisonSection } from '../report/compare-markdown.ts';
import type { StatMetric } from '../report/compare-observe.ts';
import { DEFAULT_VERDICT_SETTINGS, environmentMismatch, judgeRuns, type VerdictSettings } from '../report/compare-verdict.ts';
import { redact } from '../report/redact.ts';
import { rewriteHtmlReport } from '../report/write-reports.ts';
import { writeFileAtomic } from '../result/store.ts';

/** Where the command writes (`CliIo` of src/cli/io.ts is compatible). */
export interface CompareIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** `--gate` names of the metrics. */
const GATE_METRIC = { p50: 'p50', p95: 'p95', p99: 'p99', 'ttft-p50': 'ttftP50', 'ttft-p95': 'ttftP95', 'tpot-p50': 'tpotP50', rate: 'rate', errors: 'errorRate' } as const satisfies Record<string, StatMetric>;
const GATE_NAMES = Object.keys(GATE_METRIC) as (keyof typeof GATE_METRIC)[];

class UsageError extends Error {}

export const COMPARE_HELP = [
  'Usage: pnpm -s perf compare BASE HEAD [options]',
  '',
  'Judges each test\'s change between two results: per metric (p50, p95, p99, TTFT p50/p95 and',
  'TPOT p50 of streams, achieved rate, error rate) the change with a confidence interval and one of',
  '"slower", "same" or "not enough evidence: run more" (docs/REPORTS.md, "How perf compare judges a',
  'change"). BASE and HEAD are each a results folder (results/<run-id>/: its runs/*.json, a test\'s',
  'repeated runs of PERF_REPEAT together, else its summary.json), a summary.json, a stored run file,',
  'or a run summary written by `pnpm perf run --json`. Tests are paired by endpoint and scenario;',
  'two single runs are paired whatever their names.',
  '',
  'What counts:',
  `  --min-change PCT   Smallest worsening that counts, latency and rate, in percent (default ${DEFAULT_VERDICT_SETTINGS.minChange.p50 * 100})`,
  '  --p50 PCT, --p95 PCT, --p99 PCT',
  '                     Smallest p50/p95/p99 increase that counts, percent (default --min-change)',
  '  --latency PCT      Sets it for p50, p95, p99, TTFT and TPOT at once (the specific flags win)',
  '  --rate PCT         Smallest drop of the achieved rate that counts, percent (default --min-change)',
  `  --errors PP        Smallest error-rate rise that counts, percentage points (default ${DEFAULT_VERDICT_SETTINGS.minChange.errorRate * 100})`,
  `  --min-ms MS        Latency changes below this never count as slower (default ${DEFAULT_VERDICT_SETTINGS.minLatencyMs})`,
  `  --min-tail N       Judge a percentile only with at least N samples above it on each side (default ${DEFAULT_VERDICT_SETTINGS.minTailSamples})`,
  `  --confidence PCT   Confidence of the intervals, 50 to 99.9 (default ${DEFAULT_VERDICT_SETTINGS.confidence * 100})`,
  `  --run-noise PCT    Between-run spread assumed when neither side repeated its runs (default ${DEFAULT_VERDICT_SETTINGS.runNoise * 100})`,
  '  --gate LIST        Metrics whose "slower" fails (exit 1): comma-separated of',
  `                     ${GATE_NAMES.join(', ')}, or "none" (default: all)`,
  'Output:',
  '  --json             Print the comparison as JSON on stdout',
  '  --markdown FILE    Append the comparison as a markdown table to FILE (e.g. "$GITHUB_STEP_SUMMARY")',
  '  --require-same-environment',
  '                     When a side records no environment, or the generator machine, simulator or a',
  '                     target rate differs, print the comparison and say so, but gate nothing (exit 0)',
  '  --github           Also print GitHub annotations: ::error:: per gating "slower",',
  '                     ::warning:: per "not enough evidence"',
  '  --report           HEAD is a results folder of a suite run: save the comparison there as compare.json',
  '                     (the --json document), add it to its report.md and rewrite its report.html',
  '  -h, --help         This help',
  '',
  'Exit codes: 0 nothing gating came out slower ("same" and "not enough evidence" included),',
  '1 a gating metric is "slower", 2 bad input (missing folder, unreadable or garbage JSON, a field the',
  'run-summary schema rejects, named with its file; not a regular file or larger than 128 MiB, refused',
  'unread; nothing to compare).',
];

const pct = (name: string, max = Infinity) =>
  z.coerce.number({ error: `--${name} must be a number (percent)` }).min(0, { error: `--${name} must be >= 0` }).max(max, { error: `--${name} must be <= ${max}` }).optional();

const flagsSchema = z.object({
  p50: pct('p50'),
  p95: pct('p95'),
  p99: pct('p99'),
  latency: pct('latency'),
  rate: pct('rate', 100),
  errors: pct('errors', 100),
  'min-change': pct('min-change'),
  'min-ms': pct('min-ms'),
  'min-tail': pct('min-tail'),
  confidence: z.coerce.number({ error: '--confidence must be a number (percent)' }).min(50, { error: '--confidence must be between 50 and 99.9 (percent)' }).max(99.9, { error: '--confidence must be between 50 and 99.9 (percent)' }).optional(),
  'run-noise': pct('run-noise', 1000),
  gate: z.string().optional(),
});

function gateFrom(value: string | undefined): StatMetric[] {
  if (value === undefined) return [...DEFAULT_VERDICT_SETTINGS.gate];
  if (value.trim() === 'none') return [];
  const names = value.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(GATE_NAMES as readonly string[]).includes(n));
  if (unknown.length || names.length === 0) throw new UsageError(`--gate: unknown metric ${JSON.stringify(unknown[0] ?? value)}; use a comma-separated list of ${GATE_NAMES.join(', ')}, or none`);
  return names.map((n) => GATE_METRIC[n as (typeof GATE_NAMES)[number]]);
}

function settingsFrom(values: Record<string, unknown>): VerdictSettings {
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(z.prettifyError(parsed.error));
  const f = parsed.data;
  const d = DEFAULT_VERDICT_SETTINGS;
  const min = f['min-change'] !== undefined ? f['min-change'] / 100 : d.minChange.p50;
  const lat = f.latency !== undefined ? f.latency / 100 : min;
  const of = (v: number | undefined) => (v !== undefined ? v / 100 : lat);
  return {
    minChange: {
      p50: of(f.p50), p95: of(f.p95), p99: of(f.p99), ttftP50: lat, ttftP95: lat, tpotP50: lat,
      rate: f.rate !== undefined ? f.rate / 100 : min,
      errorRate: f.errors !== undefined ? f.errors / 100 : d.minChange.errorRate,
    },
    minLatencyMs: f['min-ms'] ?? d.minLatencyMs,
    minTailSamples: f['min-tail'] ?? d.minTailSamples,
    confidence: f.confidence !== undefined ? f.confidence / 100 : d.confidence,
    runNoise: f['run-noise'] !== undefined ? f['run-noise'] / 100 : d.runNoise,
    gate: gateFrom(f.gate),
  };
}


/** `pnpm perf compare BASE HEAD`: 0 nothing gating is slower, 1 a gating metric is slower, 2 bad input. Never throws. */
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
        'min-change': { type: 'string' },
        'min-ms': { type: 'string' },
        'min-tail': { type: 'string' },
        confidence: { type: 'string' },
        'run-noise': { type: 'string' },
        gate: { type: 'string' },
        markdown: { type: 'string' },
        github: { type: 'boolean' },
        'require-same-environment': { type: 'boolean' },
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
    const settings = settingsFrom(values);
    const headDir = positionals[1]!;
    if (values.report && !(existsSync(join(headDir, 'summary.json')) && statSync(headDir).isDirectory())) {
      throw new UsageError(`--report: HEAD must be a results folder with a summary.json (got ${headDir})`);
    }
    if (values.markdown !== undefined && values.markdown.trim() === '') throw new UsageError('--markdown needs a file name (got an empty one)');
    const base = loadComparable(positionals[0]!, 'BASE');
    const head = loadComparable(positionals[1]!, 'HEAD');
    const result = judgeRuns(base, head, settings);
    if (result.diffs.length === 0) {
      io.stderr(escapeControlChars(redact(`perf compare: nothing to compare: no test of BASE (${base.source}) matches one of HEAD (${head.source})`)));
      return 2;
    }
    const mismatch = values['require-same-environment'] ? environmentMismatch(base, head, result) : [];
    if (mismatch.length) {
      result.regressed = false;
      for (const d of result.diffs) {
        d.regressed = false;
        for (const m of d.metrics) m.regressed = false;
      }
    }
    const thresholds = { ...settings.minChange, minLatencyMs: settings.minLatencyMs, minTailSamples: settings.minTailSamples, confidence: settings.confidence, runNoise: settings.runNoise, gate: settings.gate };
    const doc = redact(JSON.stringify({ base: base.source, head: head.source, thresholds, ...result, ...(mismatch.length ? { notGated: mismatch } : {}) }));
    if (values.json) io.stdout(doc);
    else for (const line of formatVerdicts(result, base, head)) io.stdout(escapeControlChars(redact(line)));
    const say = values.json ? io.stderr : io.stdout;
    if (values.github) for (const line of githubAnnotations(result)) say(escapeControlChars(redact(line)));
    const notGated = mismatch.length ? `not gating: the two sides were not measured alike: ${mismatch.join('; ')}` : undefined;
    if (notGated) {
      if (!values.json) io.stdout(escapeControlChars(redact(notGated)));
      if (values.github) say(escapeControlChars(redact(`::warning title=perf compare: not gating::${notGated.replace(/%/g, '%25')}`)));
    }
    const markdown = [...verdictsMarkdown(result, base, head, settings.confidence), ...(notGated ? ['', `**${notGated}**`] : [])];
    if (values.markdown !== undefined) {
      try {
        appendFileSync(values.markdown, `${markdown.join('\n')}\n\n`);
      } catch (err) {
        throw new UsageError(`--markdown: cannot write ${values.markdown}: ${(err as Error).message}`);
      }
    }
    if (values.report) {
      const saved = join(headDir, 'compare.json');
      writeFileAtomic(saved, `${doc}\n`);
      const md = join(headDir, 'report.md');
      if (existsSync(md)) writeFileAtomic(md, withComparisonSection(readFileSync(md, 'utf8'), markdown));
      const html = rewriteHtmlReport(headDir);
      say(escapeControlChars(redact(`comparison saved to ${saved}; ${html} now shows it${existsSync(md) ? `, ${md} too` : ''}`)));
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
