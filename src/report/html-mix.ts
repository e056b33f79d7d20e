import { fmtMs, fmtPct, fmtRps, NO_SAMPLES } from './format.ts';
import { escapeHtml } from './html-escape.ts';
import { degradedFirstLine, mixText, stepVerdict } from './mix-text.ts';
import type { SuiteReport } from './suite-report.ts';

const head = (cells: string[]) => `<thead><tr>${cells.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
const cells = (row: string[], numeric: number[]) => `<tr>${row.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`;

/**
 * report.html's section of the mixed runs (journeys), as report.md's: per run the endpoint that
 * degraded first, its steps as the results table (each judged by its endpoint's SLO) and its
 * journeys. Empty when the run has none.
 */
export function mixSection(report: SuiteReport): string {
  const { lang } = report;
  const x = mixText(lang);
  const parts: string[] = [];
  for (const r of report.tests) {
    const mix = r.mix;
    if (mix === undefined) continue;
    const ms = (v: number | undefined) => (v === undefined ? NO_SAMPLES : fmtMs(v));
    const steps = mix.steps
      .map((s) =>
        cells(
          [s.step, String(s.requests), fmtRps(s.ratePerS), ms(s.p50), ms(s.p95), ms(s.p99), s.requests > 0 ? fmtPct(s.errorRate) : NO_SAMPLES, s.bounds.join(', ') || '-', `${stepVerdict(s, lang)}${s.failures.length ? `: ${s.failures.join('; ')}` : ''}`],
          [1, 2, 3, 4, 5, 6],
        ).replace('<tr>', `<tr class="${s.verdict === 'fail' ? 'fail' : s.verdict === 'pass' ? 'pass' : 'skipped'}">`),
      )
      .join('');
    const journeys = mix.journeys
      .map((j) => cells([j.journey, fmtPct(j.share), String(j.started), String(j.completed), String(j.ok), String(j.failed), ms(j.durationP50), ms(j.durationP95)], [1, 2, 3, 4, 5, 6, 7]))
      .join('');
    const first = mix.degradations.length > 0 ? 'fail' : 'pass';
    parts.push(
      `<h3>${escapeHtml(`${r.endpoint}: ${r.scenario}`)}</h3>` +
        `<p class="degraded-first ${first}"><strong>${escapeHtml(degradedFirstLine(mix, lang))}</strong></p>` +
        `<table class="mix-steps">${head([x.step, x.requests, x.qps, 'p50', 'p95', 'p99', x.errorRate, x.slo, x.verdict])}<tbody>${steps}</tbody></table>` +
        (journeys ? `<table class="mix-journeys">${head([x.journey, x.share, x.users, x.completed, x.ok, x.failed, `${x.duration} p50`, `${x.duration} p95`])}<tbody>${journeys}</tbody></table>` : ''),
    );
  }
  return parts.length === 0 ? '' : `<section id="mix"><h2>${escapeHtml(x.title)}</h2>${parts.join('')}</section>`;
}
