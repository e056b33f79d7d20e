import { environmentLines } from './environment-lines.ts';
import { exemplarHtml } from './exemplars.ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ResultsError } from '../core/errors.ts';
import type { RunSummary } from '../result/types.ts';
import { fmtBytes, fmtPct, fmtRps, fmtSampledMs } from './format.ts';
import { capacityChart, runCharts, type ChartSpec } from './html-charts.ts';
import { CLIENT_SCRIPT } from './html-client.ts';
import { escapeHtml, scriptJson } from './html-escape.ts';
import { comparisonSection, type SavedComparison } from './html-comparison.ts';
import { mixSection } from './html-mix.ts';
import { mixText } from './mix-text.ts';
import { contentsNav, failuresSection, headroomSection, resultsSection, testAnchor } from './html-glance.ts';
import { metricCells, overallLabel, verdictLabel } from './markdown.ts';
import { t, type Lang } from './messages.ts';
import type { StoredRun } from '../result/store.ts';
import { rowLabel, type ReportTest, type SuiteReport } from './suite-report.ts';

export { escapeHtml, scriptJson };

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
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#111;background:#fafafa;display:grid;grid-template-columns:230px minmax(0,1fr)}
main{padding:16px 24px;min-width:0}
nav#toc{position:sticky;top:0;height:100vh;overflow:auto;box-sizing:border-box;padding:12px 10px;border-right:1px solid #ddd;background:#f3f4f6;font-size:12px}
nav#toc h2{font-size:13px;margin:0 0 6px;border:0;padding:0}nav#toc ul{list-style:none;margin:0 0 10px;padding:0}nav#toc li{margin:2px 0}
nav#toc a{color:#1f2937;text-decoration:none}nav#toc a:hover{text-decoration:underline}nav#toc ul.tests li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
@media (max-width:900px){body{display:block}nav#toc{position:static;height:auto;max-height:40vh}}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:0;display:inline}.meta{color:#555}
table{border-collapse:collapse;margin:8px 0;background:#fff}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right;white-space:nowrap}tr.group th{background:#e5e7eb}.scroll{overflow-x:auto}
.pass{color:#15803d;font-weight:600}.fail,.error{color:#b91c1c;font-weight:600}.skipped,.interrupted{color:#6b7280}
.banner{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:700;margin:6px 0}
.banner.pass{background:#dcfce7}.banner.fail{background:#fee2e2}.banner.interrupted{background:#e5e7eb}
table.failures tr{background:#fef2f2}details>summary{cursor:pointer}details.all-checks{margin:6px 0}
details.endpoint{margin:14px 0;padding-top:6px;border-top:1px solid #e5e5e5}details.endpoint>summary{margin-bottom:6px}
td.hr{white-space:nowrap;min-width:150px}td.hr.none{color:#9ca3af}.bar{display:inline-block;vertical-align:middle;width:90px;height:10px;background:#e5e7eb;border-radius:2px;margin-right:6px;overflow:hidden}
.fill{display:block;height:100%}.fill.low{background:#16a34a}.fill.near{background:#d97706}.fill.over{background:#dc2626}.hr-text.fail{color:#b91c1c}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #e5e5e5;padding:8px;flex:1 1 520px;min-width:320px;max-width:920px}
.chart>div{min-height:290px}.chart h4{margin:0 0 4px;font-size:13px;font-weight:600}ul.obs{margin:4px 0 8px 18px;padding:0}
`;

function row(cells: string[], numeric: number[] = []): string {
  return `<tr>${cells.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

function chartDivs(charts: ChartSpec[], beside = ''): string {
  return `<div class="charts">${charts.map((c, i) => `<div class="chart"><h4>${escapeHtml(c.title)}</h4><div id="${escapeHtml(c.id)}" data-chart="${escapeHtml(c.xKind)}"></div></div>${i === Math.min(1, charts.length - 1) ? beside : ''}`).join('')}${charts.length === 0 ? beside : ''}</div>`;
}

function endpointSection(r: ReportTest, run: StoredRun | undefined, index: number, lang: Lang, charts: ChartSpec[], traceUrl?: string): string {
  const s = run?.summary;
  const head = `<details class="endpoint" id="${testAnchor(index)}" open><summary><h3>${escapeHtml(`${r.endpoint}${r.route ? ` (${r.route})` : ''}: ${r.scenario}`)} <span class="${r.verdict}">${escapeHtml(verdictLabel(r.verdict, lang))}</span></h3></summary>`;
  if (!s) return `${head}<ul class="obs">${r.observations.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul></details>`;
  const [target, achieved, p50, p95, p99, , errors] = metricCells(r, 10);
  const req = r.metrics?.scope === 'whole' ? s.whole.requests : s.requests;
  const stats =
    `${t(lang, 'requests')}: ${req.scheduled} (ok ${req.ok}, failed ${req.failed}, dropped ${req.dropped}) · ` +
    `${t(lang, 'targetQps')} ${target} · ${t(lang, 'achievedQps')} ${achieved} · ` +
    `p50 ${p50} · p95 ${p95} · p99 ${p99} · ${t(lang, 'errorRate')} ${errors} · ` +
    `${t(lang, 'generator')}: ${s.generator.valid ? 'ok' : 'overloaded'}` +
    (s.responseBytes?.count ? ` · ${t(lang, 'responseSize')}: p50 ${fmtBytes(s.responseBytes.p50)}, max ${fmtBytes(s.responseBytes.max)}` : '') +
    tokenLengths(s, lang);
  const apiMessages = Object.entries(s.apiMessages ?? {}).map(([code, msg]) => `<li>${escapeHtml(`${t(lang, 'apiCodes')} ${code}: ${msg}`)}</li>`).join('');
  return `${head}<p class="meta">${escapeHtml(stats)}</p><ul class="obs">${r.observations.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}${apiMessages}</ul>${chartDivs(charts, exemplarHtml(r.exemplars, lang, traceUrl))}</details>`;
}

/** ` · Input tokens (ISL) p50 …, output tokens p50 …` for a run whose requests named their prompt; '' otherwise. */
function tokenLengths(s: RunSummary, lang: Lang): string {
  const i = s.stream?.inputTokens;
  if (i === undefined || i.count === 0) return '';
  const o = s.stream?.outputTokens;
  const n = (v: number | undefined) => (v === undefined ? 'n/a' : String(Math.round(v)));
  return ` · ${t(lang, 'tokenLengths', { ip50: n(i.p50), ip95: n(i.p95), imax: n(i.max), op50: n(o?.count ? o.p50 : undefined), op95: n(o?.count ? o.p95 : undefined) })}`;
}

export interface RenderHtmlOptions {
  /** A comparison with a baseline (`compare.json` beside the run, saved by `perf compare --report`): shown before the results. */
  comparison?: SavedComparison;
}

/**
 * `report.html`: one self-contained page (uPlot and its CSS inlined, data embedded, no network)
 * with a sticky contents list: the verdict and the failed checks first (every check folded below),
 * problems, the comparison with a baseline when given, the results table, the headroom chart, a
 * capacity section when present, then per test (a foldable section) its rate, latency, errors,
 * percentile distribution and resource charts, drawn as they scroll into view.
 */
export function renderHtml(report: SuiteReport, runs: StoredRun[], options: RenderHtmlOptions = {}): string {
  const { lang } = report;
  const assets = loadUplotAssets();
  const byFile = new Map(runs.map((r) => [r.file, r]));
  const findRun = (r: ReportTest) => [...byFile.values()].find((s) => r.runFile && s.file.endsWith(r.runFile));
  const charts: ChartSpec[] = [];
  const sections = report.tests.map((r, i) => {
    const run = findRun(r);
    const own = run ? runCharts(`t${i}`, run.summary, lang) : [];
    charts.push(...own);
    return endpointSection(r, run, i, lang, own, report.traceUrl);
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
  const problems = report.problems.length
    ? `<section id="problems"><h2>${escapeHtml(t(lang, 'problems'))}</h2><ul>${report.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></section>`
    : '';
  const headroom = headroomSection(report, lang);
  const mix = mixSection(report);
  const comparison = options.comparison ? comparisonSection(options.comparison, lang) : '';
  const toc = contentsNav(report, lang, [
    { id: 'slo', title: t(lang, 'glance_failed') },
    ...(problems ? [{ id: 'problems', title: t(lang, 'problems') }] : []),
    ...(comparison ? [{ id: 'comparison', title: t(lang, 'glance_comparison') }] : []),
    { id: 'results', title: t(lang, 'results') },
    ...(mix ? [{ id: 'mix', title: mixText(lang).title }] : []),
    ...(headroom ? [{ id: 'headroom', title: t(lang, 'glance_headroom') }] : []),
    ...(capacity ? [{ id: 'capacity', title: t(lang, 'capacity') }] : []),
    { id: 'tests', title: t(lang, 'glance_details') },
  ]);
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
${toc}
<main>
<header><h1>${escapeHtml(`${t(lang, 'title')}: ${report.runId}`)}</h1>
<div class="banner ${overall}">${escapeHtml(`${t(lang, 'overall')}: ${overallLabel(report)}`)}</div>
<p class="meta">${escapeHtml(`${t(lang, 'profile')}: ${report.profile} · ${t(lang, 'target')}: ${report.target || '-'} · ${t(lang, 'started')}: ${report.startedAt} · ${t(lang, 'duration')}: ${report.durationS} s`)}</p>${report.environment ? `<p class="meta env">${environmentLines(report.environment, lang).map(escapeHtml).join('<br>')}</p>` : ''}</header>
${failuresSection(report, lang)}
${problems}
${comparison}
${resultsSection(report, lang)}
${mix}
${headroom}
${capacity}
<section id="tests"><h2>${escapeHtml(t(lang, 'glance_details'))}</h2>${sections.join('\n')}</section>
</main>
<script type="application/json" id="perf-data">${scriptJson({ charts })}</script>
<script>${assets.js}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
