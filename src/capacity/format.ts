import { capacityMarkdownLines, rateCell, stableCell } from '../report/capacity-markdown.ts';
import { fmtMiB, fmtPct, fmtRps, fmtSampledMs as fmtMs } from '../report/format.ts';
import { t, type Lang } from '../report/messages.ts';
import { redact } from '../report/redact.ts';
import { ct } from './messages.ts';
import type { CapacityResult, CapacityStep } from './types.ts';

function pad(cells: string[], widths: number[], right: boolean[]): string {
  return cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
}

function table(header: string[], rows: string[][], right: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [pad(header, widths, right), ...rows.map((r) => pad(r, widths, right))];
}

function resourceCell(step: CapacityStep): string {
  const r = step.resources;
  if (!r) return '';
  const parts: string[] = [];
  if (r['cpuPercent']) parts.push(`cpu ${Math.round(r['cpuPercent'].max)}%`);
  const mem = r['heapUsedBytes'] ?? r['rssBytes'];
  if (mem) parts.push(`${r['heapUsedBytes'] ? 'heap' : 'rss'} ${fmtMiB(mem.max)}`);
  return parts.join(' ');
}

/** The steps table, in the order the steps ran. */
export function formatSteps(steps: readonly CapacityStep[], lang: Lang = 'en'): string[] {
  const withRes = steps.some((s) => s.resources);
  const header = [
    ct(lang, 'cap_col_phase'), ct(lang, 'cap_col_target'), ct(lang, 'cap_col_ok'), 'p50', 'p95', 'p99', ct(lang, 'cap_col_errors'), ct(lang, 'cap_col_result'),
    ...(withRes ? [ct(lang, 'cap_col_resources')] : []),
  ];
  const rows = steps.map((s) => [
    ct(lang, s.phase === 'refine' ? 'cap_phase_refine' : 'cap_phase_search'),
    fmtRps(s.targetRps),
    fmtRps(s.achievedRps),
    fmtMs(s.p50),
    fmtMs(s.p95),
    fmtMs(s.p99),
    fmtPct(s.errorRate),
    !s.generatorValid ? ct(lang, 'cap_generator') : s.passed ? ct(lang, 'cap_pass') : ct(lang, 'cap_fail', { why: s.failures[0] ?? '' }),
    ...(withRes ? [resourceCell(s)] : []),
  ]);
  return table(header, rows, [false, true, true, true, true, true, true, false, false]);
}

/** Human output of one endpoint's search: header, steps table, verdict, degradation, observations, notes. */
export function formatCapacityResult(r: CapacityResult, lang: Lang = 'en'): string[] {
  const bound = fmtMs(r.degradationP95Ms);
  const lines = [
    ct(lang, 'cap_of', { route: redact(r.route), endpoint: r.endpoint }),
    ct(lang, 'cap_unloaded', { p50: fmtMs(r.unloadedP50Ms), p95: fmtMs(r.unloadedP95Ms), n: r.unloadedSamples }),
    '',
    ...formatSteps(r.steps, lang).map((l) => `  ${l}`),
    '',
    ct(lang, 'cap_verdict', { text: r.verdict }),
    r.degradationRps === null
      ? ct(lang, r.steps.length === 0 ? 'cap_degradation_no_load' : r.steps.some((s) => s.generatorValid) ? 'cap_degradation_none' : 'cap_degradation_unmeasured', { bound, k: r.k })
      : ct(lang, 'cap_degradation', { rps: rateCell(r.degradationRps), bound, k: r.k }),
  ];
  if (r.observations.length > 0) lines.push(ct(lang, 'cap_observations'), ...r.observations.map((o) => `  - ${o}`));
  if (r.notes.length > 0) lines.push(ct(lang, 'cap_notes'), ...r.notes.map((n) => `  - ${n}`));
  return lines;
}

/** The report's table for a suite: endpoint, maximum stable QPS, degradation threshold, key observations. */
export function formatCapacityTable(results: readonly CapacityResult[], lang: Lang = 'en'): string[] {
  const rows = results.map((r) => [
    r.endpoint,
    stableCell(r) + (r.stoppedBy === 'generator-limit' ? ct(lang, 'cap_generator_bound') : ''),
    rateCell(r.degradationRps),
    [...r.observations.slice(0, 3), ...(r.stoppedBy === 'aborted' ? [ct(lang, 'cap_interrupted')] : [])].join('; ') || '—',
  ]);
  const header = [ct(lang, 'cap_table_endpoint'), ct(lang, 'cap_table_stable'), ct(lang, 'cap_table_degradation'), ct(lang, 'cap_table_observations')];
  return table(header, rows, [false, true, true, false]);
}

/** `capacity.md`: the run and its target, then the capacity tables (as in report.md's Capacity section). */
export function capacityMarkdown(results: readonly CapacityResult[], meta: { runId: string; target: string; lang?: Lang }): string {
  const lang = meta.lang ?? 'en';
  return [`# ${ct(lang, 'cap_md_title', { runId: meta.runId })}`, '', `${t(lang, 'target')}: ${redact(meta.target)}`, '', ...capacityMarkdownLines(results, lang, 2)].join('\n');
}
