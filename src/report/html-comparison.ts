import { z } from 'zod';
import { fmtMs, fmtPct, fmtPp, fmtRps, NO_SAMPLES } from './format.ts';
import { escapeHtml } from './html-escape.ts';
import { t, type Lang, type MessageKey } from './messages.ts';

const num = z.number().nullable().transform((v) => (v === null ? NaN : v));
const metricSchema = z.looseObject({
  metric: z.string(),
  base: num,
  head: num,
  change: num,
  regressed: z.boolean(),
  limit: num,
  notJudged: z.string().optional(),
  /** `perf compare`'s statistical verdict and interval (absent in documents written before them). */
  verdict: z.enum(['slower', 'same', 'unknown']).optional(),
  ci: z.tuple([num, num]).optional(),
});

/** What `pnpm -s perf compare BASE HEAD --json` prints (and `--report` saves as `compare.json` in HEAD's folder). */
export const savedComparisonSchema = z.looseObject({
  base: z.string(),
  head: z.string(),
  diffs: z.array(z.looseObject({ label: z.string(), metrics: z.array(metricSchema), regressed: z.boolean(), verdict: z.enum(['slower', 'same', 'unknown']).optional(), notes: z.array(z.string()).default([]) })),
  onlyBase: z.array(z.string()).default([]),
  onlyHead: z.array(z.string()).default([]),
  regressed: z.boolean(),
  environmentNotes: z.array(z.string()).default([]),
});

export type SavedComparison = z.infer<typeof savedComparisonSchema>;
type Metric = z.infer<typeof metricSchema>;

function value(m: Metric, v: number): string {
  if (Number.isNaN(v)) return NO_SAMPLES;
  if (m.metric === 'rate') return `${fmtRps(v)}/s`;
  if (m.metric === 'errorRate') return fmtPct(v);
  return /^(p\d|ttft|tpot|latency)/i.test(m.metric) ? fmtMs(v) : String(Math.round(v * 1000) / 1000);
}

function change(m: Metric): string {
  if (Number.isNaN(m.change)) return NO_SAMPLES;
  if (m.metric === 'errorRate') return fmtPp(m.change);
  if (!Number.isFinite(m.change)) return 'new';
  return `${m.change >= 0 ? '+' : ''}${(m.change * 100).toFixed(1)}%`;
}

const VERDICT_WORDS = { slower: 'slower', same: 'same', unknown: 'not enough evidence: run more' } as const;

function metricCell(m: Metric | undefined): string {
  if (!m) return '<td>-</td>';
  const ci = m.ci ? ` [${change({ ...m, change: m.ci[0] })}, ${change({ ...m, change: m.ci[1] })}]` : '';
  const words = m.verdict ? ` ${m.regressed ? '▲ ' : ''}${VERDICT_WORDS[m.verdict]}` : m.regressed ? ' ▲ regression' : '';
  const mark = m.notJudged ? ' (not judged)' : words;
  return `<td class="num${m.regressed ? ' fail' : ''}" title="${escapeHtml(m.notJudged ?? '')}">${escapeHtml(`${value(m, m.base)} → ${value(m, m.head)} (${change(m)}${ci})${mark}`)}</td>`;
}

const KNOWN = ['p50', 'p95', 'p99', 'rate', 'errorRate'];
const HEADER: Record<string, MessageKey> = { rate: 'achievedQps', errorRate: 'errorRate' };

/** The comparison with a baseline: per test its verdict in words and each metric base → head (change). */
export function comparisonSection(c: SavedComparison, lang: Lang): string {
  const seen = [...new Set(c.diffs.flatMap((d) => d.metrics.map((m) => m.metric)))];
  const metrics = [...KNOWN.filter((k) => seen.includes(k)), ...seen.filter((k) => !KNOWN.includes(k))];
  const rows = c.diffs
    .map((d) => `<tr><td>${escapeHtml(d.label)}</td><td class="${d.regressed ? 'fail' : d.verdict === 'unknown' ? 'warn' : 'pass'}">${escapeHtml(d.regressed ? t(lang, 'glance_regressed') : d.verdict === 'unknown' ? VERDICT_WORDS.unknown : t(lang, 'glance_same'))}</td>${metrics.map((k) => metricCell(d.metrics.find((m) => m.metric === k))).join('')}<td>${escapeHtml(d.notes.join('; '))}</td></tr>`)
    .join('');
  const notes = [
    ...c.environmentNotes.map((n) => `environment: ${n}`),
    ...c.onlyBase.map((l) => `only in BASE: ${l}`),
    ...c.onlyHead.map((l) => `only in HEAD: ${l}`),
  ];
  const n = c.diffs.filter((d) => d.regressed).length;
  const verdict = c.regressed ? `${n} of ${c.diffs.length} compared tests regressed` : `no regression in ${c.diffs.length} compared tests`;
  return (
    `<section id="comparison"><h2>${escapeHtml(t(lang, 'glance_comparison'))}</h2>` +
    `<p class="meta">${escapeHtml(`BASE ${c.base} · HEAD ${c.head}`)}</p><p class="${c.regressed ? 'fail' : 'pass'}">${escapeHtml(verdict)}</p>` +
    `<div class="scroll"><table><thead><tr>${[t(lang, 'scenario'), t(lang, 'verdict'), ...metrics.map((k) => (HEADER[k] ? t(lang, HEADER[k]) : k)), t(lang, 'observations')].map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>` +
    `${notes.length ? `<ul class="obs">${notes.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : ''}</section>`
  );
}
