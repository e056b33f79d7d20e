import { environmentLines } from './environment-lines.ts';
import { capacityMarkdownLines } from './capacity-markdown.ts';
import { headroomMarkdownLines } from './headroom-markdown.ts';
import { mixMarkdownLines } from './mix-markdown.ts';
import { exemplarMarkdownLines } from './exemplars.ts';
import { checkUnit } from '../slo/format.ts';
import { fmtApiCodes, fmtBytes, fmtErrorKinds, fmtMs, fmtNumber, fmtPct, fmtRps, NO_SAMPLES } from './format.ts';
import { mdCell, mdTable } from './markdown-table.ts';
import { t, type Lang } from './messages.ts';
import { rowLabel, type ReportTest, type SuiteReport, type Verdict } from './suite-report.ts';

const ICON: Record<Verdict, string> = { pass: '✅', fail: '❌', error: '💥', skipped: '⏭️', interrupted: '⏹️' };

export function verdictLabel(v: Verdict, lang: Lang): string {
  return t(lang, `verdict_${v}`);
}

/** The run's verdict (`interrupted` before pass/fail) and its counts: "FAIL (1 passed, 1 failed, 0 errored, 0 skipped)". */
export function overallLabel(report: SuiteReport, icons = false): string {
  const { lang } = report;
  const v: Verdict = report.interrupted ? 'interrupted' : report.passed ? 'pass' : 'fail';
  const counts = [t(lang, 'passedCount', report.counts), ...(report.counts.interrupted ? [t(lang, 'interruptedCount', report.counts)] : [])];
  return `${icons ? `${ICON[v]} ` : ''}${verdictLabel(v, lang)} (${counts.join(lang === 'zh' ? '，' : ', ')})`;
}

/** The error rate with its main kinds and, when there were `api_error`s, their application codes. */
function errorCell(m: NonNullable<ReportTest['metrics']>, maxErrorKinds: number): string {
  if (m.completed === 0) return NO_SAMPLES;
  const codes = fmtApiCodes(m.apiCodes, maxErrorKinds);
  return [fmtPct(m.errorRate), fmtErrorKinds(m.errors, maxErrorKinds), codes ? `(${codes})` : ''].filter(Boolean).join(' ');
}

/** A latency of the ok requests; `n/a` when none succeeded (their 0 is no measurement). */
function latencyCell(m: ReportTest['metrics'], key: 'p50' | 'p95' | 'p99'): string {
  return m?.samples === 0 ? NO_SAMPLES : fmtMs(m?.[key]);
}

/** Response size p50 / max, or `-`. */
export function sizeCell(r: ReportTest): string {
  const b = r.metrics?.responseBytes;
  return b ? `${fmtBytes(b.p50)} / ${fmtBytes(b.max)}` : '-';
}

/**
 * The measured columns shared by every results table: target and achieved (ok) QPS, p50/p95/p99
 * and TTFT p95 of the ok requests (`n/a` without one), error rate with its main kinds and api
 * codes (`n/a` when nothing completed).
 */
export function metricCells(r: ReportTest, maxErrorKinds = 3): string[] {
  const m = r.metrics;
  return [
    fmtRps(m?.targetRps ?? r.targetRps),
    m ? fmtRps(m.achievedRps) : '-',
    latencyCell(m, 'p50'),
    latencyCell(m, 'p95'),
    latencyCell(m, 'p99'),
    r.sse ? (m && m.ttftP95 === undefined ? NO_SAMPLES : fmtMs(m?.ttftP95)) : '-',
    m ? errorCell(m, maxErrorKinds) : '-',
  ];
}

/** The columns of the results table, in order, for one row. */
export function resultCells(r: ReportTest, lang: Lang, icons = true): string[] {
  return [
    r.route ? `${rowLabel(r)} (${r.route})` : rowLabel(r),
    r.scenario,
    ...metricCells(r),
    sizeCell(r),
    icons ? `${ICON[r.verdict]} ${verdictLabel(r.verdict, lang)}` : verdictLabel(r.verdict, lang),
    r.observations.join(lang === 'zh' ? '；' : '; ') || '-',
  ];
}

export function resultHeaders(lang: Lang): string[] {
  return [
    t(lang, 'endpoint'),
    t(lang, 'scenario'),
    t(lang, 'targetQps'),
    t(lang, 'achievedQps'),
    'p50',
    'p95',
    'p99',
    t(lang, 'ttftP95'),
    t(lang, 'errorRate'),
    t(lang, 'responseSize'),
    t(lang, 'verdict'),
    t(lang, 'observations'),
  ];
}

/**
 * The rows by their priority label, in label order (`P0` before `P1` before `P10`), rows without
 * one last; each group keeps the rows' order. One group (`priority` undefined) when none has one.
 */
export function priorityGroups(rows: readonly ReportTest[]): { priority: string | undefined; rows: ReportTest[] }[] {
  const byPriority = new Map<string | undefined, ReportTest[]>();
  for (const r of rows) byPriority.set(r.priority, [...(byPriority.get(r.priority) ?? []), r]);
  return [...byPriority.entries()]
    .sort(([a], [b]) => (a === undefined || b === undefined ? Number(a === undefined) - Number(b === undefined) : a.localeCompare(b, 'en', { numeric: true })))
    .map(([priority, group]) => ({ priority, rows: group }));
}

/** `report.md`: run header, the results table (one per priority when rows carry one), failed SLO checks, capacity, problems. */
export function renderMarkdown(report: SuiteReport): string {
  const { lang } = report;
  const overall = overallLabel(report, true);
  const lines: string[] = [
    `# ${t(lang, 'title')}: ${mdCell(report.runId)}`,
    '',
    `**${t(lang, 'overall')}: ${overall}**`,
    '',
    `${t(lang, 'profile')}: \`${mdCell(report.profile)}\` · ${t(lang, 'target')}: \`${mdCell(report.target || '-')}\` · ` +
      `${t(lang, 'started')}: ${report.startedAt} · ${t(lang, 'duration')}: ${report.durationS} s`,
    '',
    ...(report.environment ? [...environmentLines(report.environment, lang).map((l) => `${mdCell(l)}  `), ''] : []),
    `## ${t(lang, 'results')}`,
    '',
  ];
  if (report.tests.length === 0) lines.push(t(lang, 'noResults'), '');
  else {
    const groups = priorityGroups(report.tests);
    for (const { priority, rows } of groups) {
      if (groups.length > 1 || priority !== undefined) lines.push(`### ${priority === undefined ? t(lang, 'noPriority') : mdCell(priority)}`, '');
      lines.push(...mdTable(resultHeaders(lang), rows.map((r) => resultCells(r, lang))), '');
      lines.push(...exemplarMarkdownLines(rows, lang, report.traceUrl));
    }
  }

  const failed = report.tests.flatMap((r) =>
    (r.slo?.checks ?? []).filter((c) => !c.passed).map((c) => [`${r.endpoint}: ${r.scenario}`, c.name, c.bound, fmtActual(c.name, c.actual), c.reason ?? '']),
  );
  if (failed.length) {
    lines.push(`## ${t(lang, 'sloFailures')}`, '');
    lines.push(...mdTable([t(lang, 'scenario'), t(lang, 'check'), t(lang, 'bound'), t(lang, 'actual'), ''], failed), '');
  }
  lines.push(...mixMarkdownLines(report));
  lines.push(...headroomMarkdownLines(report));
  if (report.capacity?.length) lines.push(`## ${t(lang, 'capacity')}`, '', ...capacityMarkdownLines(report.capacity, lang, 3));
  if (report.problems.length) {
    lines.push(`## ${t(lang, 'problems')}`, '', ...report.problems.map((p) => `- ${mdCell(p)}`), '');
  }
  return `${lines.join('\n')}\n`;
}

/** A check's measured value in its unit: ms for latency checks, % for rates. */
export function fmtActual(name: string, actual: number | null): string {
  if (actual === null || !Number.isFinite(actual)) return '-';
  if (name === 'generator') return `p99 dispatch lag ${fmtMs(actual)}`;
  const unit = checkUnit(name);
  if (unit === 'ms') return fmtMs(actual);
  if (unit === 'share') return fmtPct(actual);
  if (unit === 'percent') return `${fmtNumber(actual)}%`;
  return String(Math.round(actual * 1000) / 1000);
}
