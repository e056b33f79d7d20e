import { redact } from '../report/redact.ts';
import type { CapacityResult, CapacityStep } from './types.ts';

const MIB = 1024 * 1024;

function fmtMs(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (v >= 100) return `${Math.round(v)} ms`;
  return v >= 1 || v === 0 ? `${v.toFixed(1)} ms` : `${v.toPrecision(2)} ms`;
}

function fmtRps(v: number | null): string {
  return v === null ? '—' : `${Number(v.toFixed(1))}`;
}

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
  if (mem) parts.push(`${r['heapUsedBytes'] ? 'heap' : 'rss'} ${Math.round(mem.max / MIB)} MiB`);
  return parts.join(' ');
}

/** The steps table, in the order the steps ran. */
export function formatSteps(steps: readonly CapacityStep[]): string[] {
  const withRes = steps.some((s) => s.resources);
  const header = ['phase', 'target/s', 'ok/s', 'p50', 'p95', 'p99', 'errors', 'result', ...(withRes ? ['resources'] : [])];
  const rows = steps.map((s) => [
    s.phase,
    fmtRps(s.targetRps),
    fmtRps(s.achievedRps),
    fmtMs(s.p50),
    fmtMs(s.p95),
    fmtMs(s.p99),
    `${(s.errorRate * 100).toFixed(2)}%`,
    !s.generatorValid ? 'GENERATOR' : s.passed ? 'pass' : `FAIL: ${s.failures[0] ?? ''}`,
    ...(withRes ? [resourceCell(s)] : []),
  ]);
  return table(header, rows, [false, true, true, true, true, true, true, false, false]);
}

/** Human output of one endpoint's search: header, steps table, verdict, degradation, observations, notes. */
export function formatCapacityResult(r: CapacityResult): string[] {
  const lines = [
    `capacity of ${redact(r.route)} (${r.endpoint})`,
    `unloaded latency: p50 ${fmtMs(r.unloadedP50Ms)}, p95 ${fmtMs(r.unloadedP95Ms)} (${r.unloadedSamples} sequential requests)`,
    '',
    ...formatSteps(r.steps).map((l) => `  ${l}`),
    '',
    `verdict: ${r.verdict}`,
    r.degradationRps === null
      ? `degradation threshold: not reached (p95 never above ${fmtMs(r.degradationP95Ms)}, k = ${r.k})`
      : `degradation threshold: ${fmtRps(r.degradationRps)}/s (p95 above ${fmtMs(r.degradationP95Ms)}, k = ${r.k})`,
  ];
  if (r.observations.length > 0) lines.push('observations:', ...r.observations.map((o) => `  - ${o}`));
  if (r.notes.length > 0) lines.push('notes:', ...r.notes.map((n) => `  - ${n}`));
  return lines;
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The report's table for a suite: endpoint, maximum stable QPS, degradation threshold, key observations. */
export function formatCapacityTable(results: readonly CapacityResult[]): string[] {
  const rows = results.map((r) => [
    r.endpoint,
    fmtRps(r.maxStableRps) + (r.stoppedBy === 'max-reached' ? '+' : r.stoppedBy === 'generator-limit' ? ' (generator-bound)' : ''),
    fmtRps(r.degradationRps),
    [...r.observations.slice(0, 3), ...(r.stoppedBy === 'aborted' ? ['interrupted'] : [])].join('; ') || '—',
  ]);
  return table(['endpoint', 'max stable QPS', 'degradation QPS', 'key observations'], rows, [false, true, true, false]);
}

/** `capacity.md`: the suite table plus each endpoint's steps. */
export function capacityMarkdown(results: readonly CapacityResult[], meta: { runId: string; target: string }): string {
  const lines = [
    `# Capacity — run ${meta.runId}`,
    '',
    `Target: ${redact(meta.target)}`,
    '',
    '| Endpoint | Max stable QPS | Degradation QPS | Key observations |',
    '|---|---:|---:|---|',
    ...results.map(
      (r) =>
        `| ${mdCell(`${r.endpoint} (${redact(r.route)})`)} | ${fmtRps(r.maxStableRps)}${r.stoppedBy === 'max-reached' ? '+' : ''} | ${fmtRps(r.degradationRps)} | ${mdCell(r.observations.join('; ') || '—')} |`,
    ),
    '',
  ];
  for (const r of results) {
    lines.push(`## ${r.endpoint}`, '', r.verdict, '');
    lines.push(`Unloaded p50 ${fmtMs(r.unloadedP50Ms)}, p95 ${fmtMs(r.unloadedP95Ms)}; degradation bound p95 > ${fmtMs(r.degradationP95Ms)} (k = ${r.k}).`, '');
    lines.push('| Target/s | OK/s | p50 | p95 | p99 | Errors | Passed |', '|---:|---:|---:|---:|---:|---:|---|');
    for (const s of [...r.steps].sort((a, b) => a.targetRps - b.targetRps)) {
      lines.push(`| ${fmtRps(s.targetRps)} | ${fmtRps(s.achievedRps)} | ${fmtMs(s.p50)} | ${fmtMs(s.p95)} | ${fmtMs(s.p99)} | ${(s.errorRate * 100).toFixed(2)}% | ${s.generatorValid ? (s.passed ? 'yes' : 'no') : 'generator overloaded'} |`);
    }
    if (r.notes.length > 0) lines.push('', ...r.notes.map((n) => `- ${mdCell(n)}`));
    lines.push('');
  }
  return lines.join('\n');
}
