import type { Exemplar, Exemplars } from '../result/exemplar-types.ts';
import { fmtMs } from './format.ts';
import { escapeHtml } from './html-escape.ts';
import { mdCell, mdTable } from './markdown-table.ts';
import type { Lang } from './messages.ts';
import { rowLabel, type ReportTest } from './suite-report.ts';

const LABELS = {
  en: { title: 'Requests behind the numbers (trace ids)', which: 'which', trace: 'trace id', latency: 'latency', at: 'due at', status: 'status', slowest: 'slowest', failed: 'failed' },
  zh: { title: '数字背后的请求（trace id）', which: '类别', trace: 'trace id', latency: '延迟', at: '发出时刻', status: '状态', slowest: '最慢', failed: '失败' },
} as const;

/** Shown exemplars per table: every percentile, the 5 slowest, the first 3 failures of each kind (summary.json holds them all). */
const SHOWN_SLOWEST = 5;
const SHOWN_FAILED = 3;

/** `template` with `{traceId}` replaced (PERF_TRACE_URL), or undefined without a template. */
export function traceLink(template: string | undefined, traceId: string): string | undefined {
  return template === undefined ? undefined : template.split('{traceId}').join(encodeURIComponent(traceId));
}

interface Line {
  which: string;
  e: Exemplar;
}

function lines(ex: Exemplars, lang: Lang): Line[] {
  const l = LABELS[lang];
  return [
    ...ex.percentiles.map((p) => ({ which: `${p.percentile} (${fmtMs(p.valueMs)})`, e: p as Exemplar })),
    ...ex.slowest.slice(0, SHOWN_SLOWEST).map((e, i) => ({ which: `${l.slowest} #${i + 1}`, e })),
    ...Object.entries(ex.failed).flatMap(([kind, list]) => (list ?? []).slice(0, SHOWN_FAILED).map((e) => ({ which: `${l.failed}: ${kind}`, e }))),
  ];
}

const cells = (x: Line): string[] => [x.which, fmtMs(x.e.latencyMs), `${x.e.atS.toFixed(1)} s`, String(x.e.status)];

/** report.md: under a results table, per row with exemplars, a folded table of them (ids linked with `traceUrl`). */
export function exemplarMarkdownLines(rows: readonly ReportTest[], lang: Lang, traceUrl: string | undefined): string[] {
  const l = LABELS[lang];
  const out: string[] = [];
  for (const r of rows) {
    if (r.exemplars === undefined) continue;
    const body = lines(r.exemplars, lang).map((x) => {
      const link = traceLink(traceUrl, x.e.traceId);
      const [which, ...rest] = cells(x);
      return [which!, link ? `[\`${x.e.traceId}\`](${link})` : `\`${x.e.traceId}\``, ...rest];
    });
    if (body.length === 0) continue;
    out.push(`<details><summary>${mdCell(`${rowLabel(r)}: ${r.scenario}`)}: ${l.title}</summary>`, '');
    out.push(...mdTable([l.which, l.trace, l.latency, l.at, l.status], body).map((row) => row), '', '</details>', '');
  }
  return out;
}

/** report.html: a table of a test's exemplars, laid out beside its charts (ids linked with `traceUrl`). */
export function exemplarHtml(ex: Exemplars | undefined, lang: Lang, traceUrl: string | undefined): string {
  if (ex === undefined) return '';
  const l = LABELS[lang];
  const rows = lines(ex, lang).map((x) => {
    const link = traceLink(traceUrl, x.e.traceId);
    const id = link ? `<a href="${escapeHtml(link)}" rel="noreferrer"><code>${escapeHtml(x.e.traceId)}</code></a>` : `<code>${escapeHtml(x.e.traceId)}</code>`;
    const [which, ...rest] = cells(x);
    return `<tr><td>${escapeHtml(which)}</td><td>${id}</td>${rest.map((c) => `<td class="num">${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  if (rows.length === 0) return '';
  const head = [l.which, l.trace, l.latency, l.at, l.status].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  return `<div class="chart exemplars"><h4>${escapeHtml(l.title)}</h4><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}
