import { fmtUsage, headroomBars } from './headroom.ts';
import { mdTable } from './markdown-table.ts';
import { t } from './messages.ts';
import { rowLabel, type SuiteReport } from './suite-report.ts';

/** A 10-character bar of the share of the bound used (full at 100% and past it). */
function textBar(usage: number | null): string {
  if (usage === null) return '';
  const n = Math.max(0, Math.min(10, Math.round(Math.min(1, usage) * 10)));
  return `${'█'.repeat(n)}${'░'.repeat(10 - n)} `;
}

/**
 * report.md's headroom chart as a compact table: one row per test, one column per bounded check,
 * each cell the share of the bound used (`███░░░░░░░ 31%`), `FAIL` on a failed bound.
 */
export function headroomMarkdownLines(report: SuiteReport): string[] {
  const bars = headroomBars(report);
  if (!bars.length) return [];
  const { lang } = report;
  const checks = [...new Set(bars.map((b) => b.check))];
  const rows = report.tests.flatMap((r, i) => {
    const own = bars.filter((b) => b.test === i);
    if (!own.length) return [];
    return [
      [
        `${rowLabel(r)}: ${r.scenario}`,
        ...checks.map((c) => {
          const b = own.find((x) => x.check === c);
          if (!b) return '-';
          return `${textBar(b.usage)}${b.usage === null ? t(lang, 'glance_notMeasured') : fmtUsage(b)}${b.passed ? '' : ` ❌ ${t(lang, 'verdict_fail')}`}`;
        }),
      ],
    ];
  });
  return [`## ${t(lang, 'glance_headroom')}`, '', t(lang, 'glance_headroomNote'), '', ...mdTable([t(lang, 'scenario'), ...checks.map((check) => t(lang, 'glance_ofBound', { check }))], rows), ''];
}
