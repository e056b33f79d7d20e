import { ct } from '../capacity/messages.ts';
import type { CapacityReport } from './capacity.ts';
import { fmtPct, fmtRps, fmtSampledMs } from './format.ts';
import { capacityChart, type ChartSpec } from './html-charts.ts';
import { CLIENT_SCRIPT } from './html-client.ts';
import { escapeHtml, loadUplotAssets, scriptJson } from './html.ts';
import { t, type Lang } from './messages.ts';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:16px 24px;color:#111;background:#fafafa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}.meta{color:#555}
table{border-collapse:collapse;margin:8px 0;background:#fff}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right;white-space:nowrap}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #e5e5e5;padding:8px;flex:1 1 520px;min-width:320px;max-width:920px}
.chart h4{margin:0 0 4px;font-size:13px;font-weight:600}ul.obs{margin:4px 0 8px 18px;padding:0}
`;

function row(cells: string[], numeric: number[]): string {
  return `<tr>${cells.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

export interface CapacityPageInfo {
  runId: string;
  /** The searched target (base URL or route), without credentials. */
  target: string;
  lang: Lang;
}

/**
 * `report.html` of a run folder that holds only a capacity search: per endpoint its rates,
 * verdict, observations, capacity curve and steps. No suite verdict: a search passes or fails
 * nothing (its verdict is each endpoint's sentence).
 */
export function renderCapacityHtml(capacity: readonly CapacityReport[], info: CapacityPageInfo): string {
  const { lang } = info;
  const assets = loadUplotAssets();
  const charts: ChartSpec[] = [];
  const parts = capacity.map((c, i) => {
    const chart = capacityChart(`cap${i}`, c, lang);
    charts.push(chart);
    const steps = c.steps
      .map((s) => row([fmtRps(s.targetRps), fmtRps(s.achievedRps), fmtSampledMs(s.p50), fmtSampledMs(s.p95), fmtSampledMs(s.p99), fmtPct(s.errorRate), t(lang, s.passed ? 'yes' : 'no')], [0, 1, 2, 3, 4, 5]))
      .join('');
    const notes = [c.verdict, ...(c.observations ?? []), ...(c.notes ?? [])].filter((n): n is string => Boolean(n));
    const head = [t(lang, 'targetQps'), t(lang, 'achievedQps'), 'p50', 'p95', 'p99', t(lang, 'errorRate'), t(lang, 'passedCol')].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
    return `<h3>${escapeHtml(c.route ? `${c.endpoint} (${c.route})` : c.endpoint)}</h3>`
      + `<p>${escapeHtml(`${t(lang, 'maxStableRps')}: ${fmtRps(c.maxStableRps)} · ${t(lang, 'degradationRps')}: ${fmtRps(c.degradationRps)}`)}</p>`
      + (notes.length ? `<ul class="obs">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '')
      + `<div class="charts"><div class="chart"><h4>${escapeHtml(chart.title)}</h4><div id="${escapeHtml(chart.id)}" data-chart="${escapeHtml(chart.xKind)}"></div></div></div>`
      + `<table><thead><tr>${head}</tr></thead><tbody>${steps}</tbody></table>`;
  });
  const title = ct(lang, 'cap_md_title', { runId: info.runId });
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${assets.css}</style>
<style>${CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(`${t(lang, 'target')}: ${info.target || '-'}`)}</p></header>
<section id="capacity"><h2>${escapeHtml(t(lang, 'capacity'))}</h2>${parts.join('')}</section>
<script type="application/json" id="perf-data">${scriptJson({ charts })}</script>
<script>${assets.js}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
