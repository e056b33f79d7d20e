import { environmentLines } from './environment-lines.ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ResultsError } from '../core/errors.ts';
import { fmtBytes, fmtPct, fmtRps, fmtSampledMs } from './format.ts';
import { capacityChart, runCharts, type ChartSpec } from './html-charts.ts';
import { CLIENT_SCRIPT } from './html-client.ts';
import { fmtActual, metricCells, overallLabel, resultCells, resultHeaders, verdictLabel } from './markdown.ts';
import { t, type Lang } from './messages.ts';
import { redact } from './redact.ts';
import type { StoredRun } from '../result/store.ts';
import { rowLabel, type ReportTest, type SuiteReport } from './suite-report.ts';

/** Escapes text for HTML element content and attribute values (after redacting secrets). */
export function escapeHtml(text: unknown): string {
  return redact(String(text ?? ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON safe inside a `<script>` element: no `</script>`, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

let uplotAssets: { js: string; css: string } | undefined;

/** uPlot's minified browser build and CSS, read from node_modules once. */
export function loadUplotAssets(): { js: string; css: string } {
  if (uplotAssets) return uplotAssets;
  const require = createRequire(import.meta.url);
  try {
    const main = require.resolve('uplot');
    const dist = main.slice(0, main.lastIndexOf('/'));
    uplotAssets = {
      js: readFileSync(`${dist}/uPlot.iife.min.js`, 'utf8').replace(/<\/script/gi, '<\\/script'),
      css: readFileSync(`${dist}/uPlot.min.css`, 'utf8').replace(/<\/style/gi, '<\\/style'),
    };
  } catch (err) {
    throw new ResultsError(`cannot read uPlot from node_modules (is 'uplot' installed?): ${(err as Error).message}`, { cause: err });
  }
  return uplotAssets;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:16px 24px;color:#111;background:#fafafa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}.meta{color:#555}
table{border-collapse:collapse;margin:8px 0;background:#fff}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right;white-space:nowrap}
.pass{color:#15803d;font-weight:600}.fail,.error{color:#b91c1c;font-weight:600}.skipped,.interrupted{color:#6b7280}
.banner{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:700;margin:6px 0}
.banner.pass{background:#dcfce7}.banner.fail{background:#fee2e2}.banner.interrupted{background:#e5e7eb}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #e5e5e5;padding:8px;flex:1 1 520px;min-width:320px;max-width:920px}
.chart h4{margin:0 0 4px;font-size:13px;font-weight:600}ul.obs{margin:4px 0 8px 18px;padding:0}
`;

function row(cells: string[], numeric: number[] = []): string {
  return `<tr>${cells.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

function sloSection(report: SuiteReport, lang: Lang): string {
  const rows = report.tests.map((r) => {
    const checks = (r.slo?.checks ?? [])
      .map((c) => `<li class="${c.passed ? 'pass' : 'fail'}">${escapeHtml(`${c.name} ${c.bound}: ${fmtActual(c.name, c.actual)}${c.reason ? ` (${c.reason})` : ''}`)}</li>`)
      .join('');
    const err = r.test?.errors.length && !r.slo ? `<li class="error">${escapeHtml(r.test.errors[0]!.split('\n')[0])}</li>` : '';
    return `<tr><td>${escapeHtml(rowLabel(r))}</td><td>${escapeHtml(r.scenario)}</td><td class="${r.verdict}">${escapeHtml(verdictLabel(r.verdict, lang))}</td><td><ul class="obs">${checks}${err}</ul></td></tr>`;
  });
  return `<section id="slo"><h2>${escapeHtml(t(lang, 'sloTitle'))}</h2><table><thead><tr><th>${escapeHtml(t(lang, 'endpoint'))}</th><th>${escapeHtml(t(lang, 'scenario'))}</th><th>${escapeHtml(t(lang, 'verdict'))}</th><th>${escapeHtml(t(lang, 'check'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function chartDivs(charts: ChartSpec[]): string {
  return `<div class="charts">${charts.map((c) => `<div class="chart"><h4>${escapeHtml(c.title)}</h4><div id="${escapeHtml(c.id)}" data-chart="${escapeHtml(c.xKind)}"></div></div>`).join('')}</div>`;
}

function endpointSection(r: ReportTest, run: StoredRun | undefined, index: number, lang: Lang, charts: ChartSpec[]): string {
  const s = run?.summary;
  const head = `<h3 id="test-${index}">${escapeHtml(`${r.endpoint}${r.route ? ` (${r.route})` : ''}: ${r.scenario}`)} <span class="${r.verdict}">${escapeHtml(verdictLabel(r.verdict, lang))}</span></h3>`;
  if (!s) return `<section class="endpoint">${head}<ul class="obs">${r.observations.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul></section>`;
  const [target, achieved, p50, p95, p99, , errors] = metricCells(r, 10);
  const req = r.metrics?.scope === 'whole' ? s.whole.requests : s.requests;
  const stats =
    `${t(lang, 'requests')}: ${req.scheduled} (ok ${req.ok}, failed ${req.failed}, dropped ${req.dropped}) · ` +
    `${t(lang, 'targetQps')} ${target} · ${t(lang, 'achievedQps')} ${achieved} · ` +
    `p50 ${p50} · p95 ${p95} · p99 ${p99} · ${t(lang, 'errorRate')} ${errors} · ` +
    `${t(lang, 'generator')}: ${s.generator.valid ? 'ok' : 'overloaded'}` +
    (s.responseBytes?.count ? ` · ${t(lang, 'responseSize')}: p50 ${fmtBytes(s.responseBytes.p50)}, max ${fmtBytes(s.responseBytes.max)}` : '');
  const apiMessages = Object.entries(s.apiMessages ?? {}).map(([code, msg]) => `<li>${escapeHtml(`${t(lang, 'apiCodes')} ${code}: ${msg}`)}</li>`).join('');
  return `<section class="endpoint">${head}<p class="meta">${escapeHtml(stats)}</p><ul class="obs">${r.observations.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}${apiMessages}</ul>${chartDivs(charts)}</section>`;
}

/**
 * `report.html`: one self-contained page (uPlot and its CSS inlined, data embedded, no network):
 * SLO verdicts first, the results table, a capacity section when present, then per test its
 * rate, latency, errors, percentile distribution and resource charts.
 */
export function renderHtml(report: SuiteReport, runs: StoredRun[]): string {
  const { lang } = report;
  const assets = loadUplotAssets();
  const byFile = new Map(runs.map((r) => [r.file, r]));
  const findRun = (r: ReportTest) => [...byFile.values()].find((s) => r.runFile && s.file.endsWith(r.runFile));
  const charts: ChartSpec[] = [];
  const sections = report.tests.map((r, i) => {
    const run = findRun(r);
    const own = run ? runCharts(`t${i}`, run.summary, lang) : [];
    charts.push(...own);
    return endpointSection(r, run, i, lang, own);
  });
  let capacity = '';
  if (report.capacity?.length) {
    const parts = report.capacity.map((c, i) => {
      const chart = capacityChart(`cap${i}`, c, lang);
      charts.push(chart);
      const steps = c.steps
        .map((s) => row([fmtRps(s.targetRps), fmtRps(s.achievedRps), fmtSampledMs(s.p50), fmtSampledMs(s.p95), fmtSampledMs(s.p99), fmtPct(s.errorRate), s.passed ? '✓' : '✗'], [0, 1, 2, 3, 4, 5]))
        .join('');
      const notes = [c.verdict, ...(c.observations ?? [])].filter((n): n is string => Boolean(n));
      return `<h3>${escapeHtml(c.route ? `${c.endpoint} (${c.route})` : c.endpoint)}</h3><p>${escapeHtml(`${t(lang, 'maxStableRps')}: ${fmtRps(c.maxStableRps)} · ${t(lang, 'degradationRps')}: ${fmtRps(c.degradationRps)}`)}</p>${notes.length ? `<ul class="obs">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : ''}${chartDivs([chart])}<table><thead><tr>${[t(lang, 'targetQps'), t(lang, 'achievedQps'), 'p50', 'p95', 'p99', t(lang, 'errorRate'), t(lang, 'passedCol')].map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${steps}</tbody></table>`;
    });
    capacity = `<section id="capacity"><h2>${escapeHtml(t(lang, 'capacity'))}</h2>${parts.join('')}</section>`;
  }
  const results = report.tests.length
    ? `<table><thead><tr>${resultHeaders(lang).map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${report.tests.map((r) => row(resultCells(r, lang, false), [2, 3, 4, 5, 6, 7, 9])).join('')}</tbody></table>`
    : `<p>${escapeHtml(t(lang, 'noResults'))}</p>`;
  const problems = report.problems.length
    ? `<section id="problems"><h2>${escapeHtml(t(lang, 'problems'))}</h2><ul>${report.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></section>`
    : '';
  const overall = report.interrupted ? 'interrupted' : report.passed ? 'pass' : 'fail';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${t(lang, 'title')}: ${report.runId}`)}</title>
<style>${assets.css}</style>
<style>${CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(`${t(lang, 'title')}: ${report.runId}`)}</h1>
<div class="banner ${overall}">${escapeHtml(`${t(lang, 'overall')}: ${overallLabel(report)}`)}</div>
<p class="meta">${escapeHtml(`${t(lang, 'profile')}: ${report.profile} · ${t(lang, 'target')}: ${report.target || '-'} · ${t(lang, 'started')}: ${report.startedAt} · ${t(lang, 'duration')}: ${report.durationS} s`)}</p>${report.environment ? `<p class="meta env">${environmentLines(report.environment, lang).map(escapeHtml).join('<br>')}</p>` : ''}</header>
${sloSection(report, lang)}
<section id="results"><h2>${escapeHtml(t(lang, 'results'))}</h2>${results}</section>
${capacity}
<section id="tests">${sections.join('\n')}</section>
${problems}
<script type="application/json" id="perf-data">${scriptJson({ charts })}</script>
<script>${assets.js}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
