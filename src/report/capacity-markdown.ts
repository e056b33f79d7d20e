import { ct } from '../capacity/messages.ts';
import type { CapacityReport } from './capacity.ts';
import { fmtPct, fmtRps, fmtSampledMs } from './format.ts';
import { mdCell, mdTable } from './markdown-table.ts';
import { t, type Lang } from './messages.ts';

/** A rate cell: `—` when there is none. */
export function rateCell(v: number | null): string {
  return v === null ? '—' : fmtRps(v);
}

/**
 * The maximum stable rate as a table cell: `300+` when the top of the range passed, `< 1` when every
 * rate failed down to the lowest tried (the rate is below it), `0` when every request failed even
 * without load, `—` when nothing could be judged.
 */
export function stableCell(r: Pick<CapacityReport, 'maxStableRps' | 'stoppedBy' | 'steps'>): string {
  if (r.maxStableRps !== null) return `${fmtRps(r.maxStableRps)}${r.stoppedBy === 'max-reached' ? '+' : ''}`;
  if (r.stoppedBy !== 'start-failed') return '—';
  if (r.steps.length === 0) return '0';
  const lowest = Math.min(...r.steps.filter((s) => s.generatorValid !== false).map((s) => s.targetRps));
  return Number.isFinite(lowest) ? `< ${fmtRps(lowest)}` : '—';
}

/**
 * The capacity tables in markdown, for `capacity.md` and the Capacity section of `report.md`: one
 * row per endpoint (maximum stable QPS, degradation QPS, key observations), then per endpoint under
 * a heading of `level` its verdict, unloaded latency, steps by rate and notes.
 */
export function capacityMarkdownLines(capacity: readonly CapacityReport[], lang: Lang, level: number): string[] {
  const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
  const lines = [
    ...mdTable(
      [ct(lang, 'cap_table_endpoint'), ct(lang, 'cap_table_stable'), ct(lang, 'cap_table_degradation'), ct(lang, 'cap_table_observations')].map(cap),
      capacity.map((r) => [
        r.route ? `${r.endpoint} (${r.route})` : r.endpoint,
        stableCell(r) + (r.stoppedBy === 'generator-limit' ? ct(lang, 'cap_generator_bound') : ''),
        rateCell(r.degradationRps),
        (r.observations ?? []).join('; ') || '—',
      ]),
      [false, true, true, false],
    ),
    '',
  ];
  for (const r of capacity) {
    lines.push(`${'#'.repeat(level)} ${r.endpoint}`, '');
    if (r.verdict) lines.push(r.verdict, '');
    if (r.unloadedP50Ms !== undefined && r.unloadedP95Ms !== undefined && r.degradationP95Ms !== undefined && r.k !== undefined) {
      lines.push(ct(lang, 'cap_md_unloaded', { p50: fmtSampledMs(r.unloadedP50Ms), p95: fmtSampledMs(r.unloadedP95Ms), bound: fmtSampledMs(r.degradationP95Ms), k: r.k }), '');
    }
    lines.push(ct(lang, 'cap_md_steps'), '|---:|---:|---:|---:|---:|---:|---|');
    for (const s of [...r.steps].sort((a, b) => a.targetRps - b.targetRps)) {
      const passed = s.generatorValid === false ? ct(lang, 'cap_generator_long') : t(lang, s.passed ? 'yes' : 'no');
      lines.push(`| ${fmtRps(s.targetRps)} | ${fmtRps(s.achievedRps)} | ${fmtSampledMs(s.p50)} | ${fmtSampledMs(s.p95)} | ${fmtSampledMs(s.p99)} | ${fmtPct(s.errorRate)} | ${passed} |`);
    }
    if (r.notes?.length) lines.push('', ...r.notes.map((n) => `- ${mdCell(n)}`));
    lines.push('');
  }
  return lines;
}
