import { fmtMs, fmtPct, fmtRps, NO_SAMPLES } from './format.ts';
import { mdCell, mdTable } from './markdown-table.ts';
import { mixReport } from './mix.ts';
import { degradedFirstLine, mixText, stepVerdict } from './mix-text.ts';
import type { SuiteReport } from './suite-report.ts';

/**
 * report.md's section of the mixed runs (journeys): per run the endpoint that degraded first, the
 * results table of its steps (one row per endpoint, judged by that endpoint's SLO) and its journeys.
 */
export function mixMarkdownLines(report: SuiteReport): string[] {
  const { lang } = report;
  const x = mixText(lang);
  const lines: string[] = [];
  for (const r of report.tests) {
    const mix = r.mix;
    if (mix === undefined) continue;
    if (lines.length === 0) lines.push(`## ${x.title}`, '');
    lines.push(`### ${mdCell(r.endpoint)}: ${mdCell(r.scenario)}`, '', `**${mdCell(degradedFirstLine(mix, lang))}**`, '');
    const ms = (v: number | undefined) => (v === undefined ? NO_SAMPLES : fmtMs(v));
    lines.push(
      ...mdTable(
        [x.step, x.requests, x.qps, 'p50', 'p95', 'p99', x.errorRate, x.slo, x.verdict],
        mix.steps.map((s) => [
          s.step,
          String(s.requests),
          fmtRps(s.ratePerS),
          ms(s.p50),
          ms(s.p95),
          ms(s.p99),
          s.requests > 0 ? fmtPct(s.errorRate) : NO_SAMPLES,
          s.bounds.join(', ') || '-',
          `${stepVerdict(s, lang)}${s.failures.length ? `: ${s.failures.join('; ')}` : ''}`,
        ]),
      ),
      '',
    );
    if (mix.journeys.length > 0) {
      lines.push(
        ...mdTable(
          [x.journey, x.share, x.users, x.completed, x.ok, x.failed, `${x.duration} p50`, `${x.duration} p95`],
          mix.journeys.map((j) => [j.journey, fmtPct(j.share), String(j.started), String(j.completed), String(j.ok), String(j.failed), ms(j.durationP50), ms(j.durationP95)]),
        ),
        '',
      );
    }
  }
  return lines;
}
