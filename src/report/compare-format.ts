import type { Comparable } from './compare-load.ts';
import type { StatCompareResult, StatMetricDiff } from './compare-verdict.ts';
import type { Verdict } from './compare-stats.ts';
import { fmtMs, fmtPct, fmtPp, fmtRps, NO_SAMPLES } from './format.ts';
import { mdCell, mdTable } from './markdown-table.ts';

/** The words of each verdict, as every output shows them. */
export const VERDICT_TEXT: Record<Verdict, string> = { slower: 'slower', same: 'same', unknown: 'not enough evidence: run more' };

const NAMES: Record<StatMetricDiff['metric'], string> = {
  p50: 'p50', p95: 'p95', p99: 'p99', ttftP50: 'TTFT p50', ttftP95: 'TTFT p95', tpotP50: 'TPOT p50', rate: 'rate', errorRate: 'errors',
};

/** The metric's name for people (`TTFT p95`, `errors`). */
export function metricName(m: StatMetricDiff): string {
  return NAMES[m.metric];
}

/** A change in the metric's unit: `+12.3%` (`new` from nothing), error rate in points. */
export function fmtStatChange(m: StatMetricDiff, v: number = m.change): string {
  if (Number.isNaN(v)) return NO_SAMPLES;
  if (m.metric === 'errorRate') return fmtPp(v);
  if (!Number.isFinite(v)) return 'new';
  return `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;
}

/** `+12.3% [+4.1%, +21.0%]`, or `n/a`. */
export function fmtChangeCi(m: StatMetricDiff): string {
  return m.ci ? `${fmtStatChange(m)} [${fmtStatChange(m, m.ci[0])}, ${fmtStatChange(m, m.ci[1])}]` : fmtStatChange(m);
}

/** A side's value: ms, requests/s, or a percentage; `n/a` when it measured none. */
export function fmtStatValue(m: StatMetricDiff, v: number): string {
  if (Number.isNaN(v)) return NO_SAMPLES;
  if (m.metric === 'rate') return `${fmtRps(v)}/s`;
  if (m.metric === 'errorRate') return fmtPct(v);
  return fmtMs(v);
}

/** The verdict in words: `slower (gates)`, `same`, `not enough evidence: run more`, `not judged: why`. */
export function verdictText(m: StatMetricDiff): string {
  if (!m.verdict) return `not judged: ${m.notJudged ?? 'no measure'}`;
  if (m.verdict === 'slower') return m.regressed ? '▲ slower' : 'slower (does not gate)';
  return VERDICT_TEXT[m.verdict];
}

function sideRuns(result: StatCompareResult, side: 'base' | 'head'): string {
  const counts = [...new Set(result.diffs.map((d) => d.metrics[0]?.runs[side] ?? 1))].sort((a, b) => a - b);
  return counts.length === 1 ? `${counts[0]} run${counts[0] === 1 ? '' : 's'} a test` : `${counts.join('/')} runs a test`;
}

/** The closing sentence: how many tests are slower (gating) and how many metrics lack evidence. */
export function verdictLine(result: StatCompareResult): string {
  const slower = result.diffs.filter((d) => d.regressed).length;
  const head = result.regressed ? `${slower} of ${result.diffs.length} compared tests slower` : `no regression in ${result.diffs.length} compared tests`;
  return result.unknown ? `${head}; ${result.unknown} metric(s): ${VERDICT_TEXT.unknown}` : head;
}

/** Console lines: per test each metric `base → head  change [CI]  verdict`. */
export function formatVerdicts(result: StatCompareResult, base: Comparable, head: Comparable): string[] {
  const lines = [`BASE ${base.source} (${sideRuns(result, 'base')})`, `HEAD ${head.source} (${sideRuns(result, 'head')})`, ''];
  if (result.environmentNotes.length) lines.push(...result.environmentNotes.map((n) => `environment: ${n}`), '');
  for (const d of result.diffs) {
    lines.push(`${d.regressed ? 'SLOWER ' : d.verdict === 'unknown' ? 'UNSURE ' : 'ok     '}  ${d.label}`);
    for (const m of d.metrics) {
      lines.push(`    ${metricName(m).padEnd(8)} ${fmtStatValue(m, m.base).padStart(9)} → ${fmtStatValue(m, m.head).padEnd(9)} ${fmtChangeCi(m).padEnd(28)} ${verdictText(m)}`);
    }
    for (const n of d.notes) lines.push(`    note: ${n}`);
  }
  for (const l of result.onlyBase) lines.push(`only in BASE: ${l}`);
  for (const l of result.onlyHead) lines.push(`only in HEAD: ${l}`);
  lines.push('', verdictLine(result));
  return lines;
}

/** Markdown (report, GitHub job summary): one row per test and metric. */
export function verdictsMarkdown(result: StatCompareResult, base: Comparable, head: Comparable, confidence: number): string[] {
  const rows = result.diffs.flatMap((d) =>
    d.metrics.map((m) => [d.label, metricName(m), fmtStatValue(m, m.base), fmtStatValue(m, m.head), fmtChangeCi(m), verdictText(m)]),
  );
  const lines = [
    '## Comparison with the baseline',
    '',
    `BASE \`${mdCell(base.source)}\` (${sideRuns(result, 'base')}) · HEAD \`${mdCell(head.source)}\` (${sideRuns(result, 'head')})`,
    '',
    `**${verdictLine(result)}**`,
    '',
    ...mdTable(['Test', 'Metric', 'BASE', 'HEAD', `Change [${Math.round(confidence * 100)}% CI]`, 'Verdict'], rows, [false, false, true, true, true, false]),
  ];
  const notes = [
    ...result.environmentNotes.map((n) => `environment: ${n}`),
    ...[...new Set(result.diffs.flatMap((d) => d.notes.map((n) => `${d.label}: ${n}`)))],
    ...result.onlyBase.map((l) => `only in BASE: ${l}`),
    ...result.onlyHead.map((l) => `only in HEAD: ${l}`),
  ];
  if (notes.length) lines.push('', ...notes.map((n) => `- ${mdCell(n)}`));
  lines.push('', 'How to read it: docs/REPORTS.md, "How perf compare judges a change".');
  return lines;
}
