import { fmtUsage, headroomBars, headroomText, type HeadroomBar } from './headroom.ts';
import { escapeHtml } from './html-escape.ts';
import { fmtActual, resultCells, resultHeaders, verdictLabel } from './markdown.ts';
import { t, type Lang } from './messages.ts';
import { rowLabel, type ReportTest, type SuiteReport } from './suite-report.ts';

/** The id of a test's section: what the results table, the failures and the contents link to. */
export const testAnchor = (index: number): string => `test-${index}`;

const link = (index: number, text: string) => `<a href="#${testAnchor(index)}">${escapeHtml(text)}</a>`;
const cell = (text: string, numeric = false) => `<td${numeric ? ' class="num"' : ''}>${escapeHtml(text)}</td>`;
const head = (cells: string[]) => `<thead><tr>${cells.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;

/** The priority label a suite gave the test (`P0`, ...), when it gave one. */
function priorityOf(r: ReportTest): string | undefined {
  const p = (r as { priority?: unknown }).priority;
  return typeof p === 'string' && p.trim() ? p : undefined;
}

/** First line of a test's error, when it failed or crashed without a failed SLO check to show. */
function testProblem(r: ReportTest): string | undefined {
  const first = r.test?.errors[0]?.split('\n')[0];
  return first ?? (r.verdict === 'error' ? r.observations[0] : undefined);
}

/**
 * Failed checks only, each with its test, metric, bound, measured value and reason (a test that
 * failed or crashed without a failed check shows its error); every check, passes included, folded below.
 */
export function failuresSection(report: SuiteReport, lang: Lang): string {
  const rows: string[] = [];
  report.tests.forEach((r, i) => {
    const failed = (r.slo?.checks ?? []).filter((c) => !c.passed);
    for (const c of failed) {
      rows.push(`<tr data-failed-check>${`<td>${link(i, rowLabel(r))}</td>`}${cell(r.scenario)}${cell(c.name)}${cell(c.bound)}${cell(fmtActual(c.name, c.actual), true)}${cell(c.reason ?? '')}</tr>`);
    }
    const problem = failed.length === 0 && (r.verdict === 'fail' || r.verdict === 'error') ? testProblem(r) : undefined;
    if (problem !== undefined) rows.push(`<tr data-failed-check><td>${link(i, rowLabel(r))}</td>${cell(r.scenario)}${cell(t(lang, 'testError'))}${cell('')}${cell('')}${cell(problem)}</tr>`);
  });
  const table = rows.length
    ? `<table class="failures">${head([t(lang, 'endpoint'), t(lang, 'scenario'), t(lang, 'check'), t(lang, 'bound'), t(lang, 'actual'), t(lang, 'glance_reason')])}<tbody>${rows.join('')}</tbody></table>`
    : `<p class="pass">${escapeHtml(`✓ ${t(lang, 'glance_noFailed')}`)}</p>`;
  const all = report.tests.flatMap((r) => r.slo?.checks ?? []);
  const failedCount = all.filter((c) => !c.passed).length;
  const checks = report.tests
    .map((r, i) => {
      const items = (r.slo?.checks ?? [])
        .map((c) => `<li class="${c.passed ? 'pass' : 'fail'}">${escapeHtml(`${c.passed ? '✓' : '✗'} ${c.name} ${c.bound}: ${fmtActual(c.name, c.actual)}${c.reason ? ` (${c.reason})` : ''}`)}</li>`)
        .join('');
      const err = r.test?.errors.length && !r.slo ? `<li class="error">${escapeHtml(r.test.errors[0]!.split('\n')[0])}</li>` : '';
      return `<tr><td>${link(i, rowLabel(r))}</td>${cell(r.scenario)}<td class="${r.verdict}">${escapeHtml(verdictLabel(r.verdict, lang))}</td><td><ul class="obs">${items}${err}</ul></td></tr>`;
    })
    .join('');
  const folded = `<details class="all-checks"><summary>${escapeHtml(`${t(lang, 'sloTitle')}: ${t(lang, 'glance_allChecks', { count: all.length - failedCount, failed: failedCount })}`)}</summary><table>${head([t(lang, 'endpoint'), t(lang, 'scenario'), t(lang, 'verdict'), t(lang, 'check')])}<tbody>${checks}</tbody></table></details>`;
  return `<section id="slo"><h2>${escapeHtml(t(lang, 'glance_failed'))}</h2>${table}${folded}</section>`;
}

/** The results table, grouped by priority when tests carry one; each row links to its test's section. */
export function resultsSection(report: SuiteReport, lang: Lang): string {
  if (!report.tests.length) return `<section id="results"><h2>${escapeHtml(t(lang, 'results'))}</h2><p>${escapeHtml(t(lang, 'noResults'))}</p></section>`;
  const headers = resultHeaders(lang);
  const numeric = new Set([2, 3, 4, 5, 6, 7, 9]);
  const rowHtml = (r: ReportTest, i: number) => {
    const cells = resultCells(r, lang, false);
    return `<tr data-test="${i}"><td>${link(i, cells[0]!)}</td>${cells.slice(1).map((c, k) => (k + 1 === 10 ? `<td class="${r.verdict}">${escapeHtml(c)}</td>` : cell(c, numeric.has(k + 1)))).join('')}</tr>`;
  };
  const indexed = report.tests.map((r, i) => ({ r, i }));
  const grouped = indexed.some(({ r }) => priorityOf(r) !== undefined);
  let body: string;
  if (!grouped) body = indexed.map(({ r, i }) => rowHtml(r, i)).join('');
  else {
    const labels = [...new Set(indexed.map(({ r }) => priorityOf(r)))].sort((a, b) => (a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b, 'en', { numeric: true })));
    body = labels
      .map((p) => {
        const title = p === undefined ? t(lang, 'glance_noPriority') : t(lang, 'glance_priority', { priority: p });
        return `<tr class="group"><th colspan="${headers.length}">${escapeHtml(title)}</th></tr>${indexed.filter(({ r }) => priorityOf(r) === p).map(({ r, i }) => rowHtml(r, i)).join('')}`;
      })
      .join('');
  }
  return `<section id="results"><h2>${escapeHtml(t(lang, 'results'))}</h2><div class="scroll"><table>${head(headers)}<tbody>${body}</tbody></table></div></section>`;
}

function barCell(b: HeadroomBar, lang: Lang): string {
  const failed = !b.passed;
  const pct = b.usage === null ? 0 : Math.min(1, b.usage) * 100;
  const level = failed || (b.usage !== null && b.usage >= 1) ? 'over' : b.usage !== null && b.usage >= 0.7 ? 'near' : 'low';
  const label = `${b.usage === null ? t(lang, 'glance_notMeasured') : fmtUsage(b)}${failed ? ` ${verdictLabel('fail', lang)}` : ''}`;
  return (
    `<td class="hr" data-endpoint="${escapeHtml(b.endpoint)}" data-check="${escapeHtml(b.check)}" data-usage="${b.usage === null ? '' : String(b.usage)}" data-failed="${failed}" title="${escapeHtml(headroomText(b))}">` +
    `<span class="bar"><span class="fill ${level}" style="width:${pct.toFixed(1)}%"></span></span><span class="hr-text${failed ? ' fail' : ''}">${escapeHtml(label)}</span></td>`
  );
}

/**
 * The overview chart: for every test, one bar per bounded check showing measured ÷ bound, the
 * number written beside it, failed bounds marked FAIL (and red); the exact values in each bar's tooltip.
 */
export function headroomSection(report: SuiteReport, lang: Lang): string {
  const bars = headroomBars(report);
  if (!bars.length) return '';
  const checks = [...new Set(bars.map((b) => b.check))];
  const rows = report.tests
    .map((r, i) => {
      const own = bars.filter((b) => b.test === i);
      if (!own.length) return '';
      return `<tr><td>${link(i, `${rowLabel(r)}: ${r.scenario}`)}</td>${checks.map((c) => { const b = own.find((x) => x.check === c); return b ? barCell(b, lang) : '<td class="hr none">-</td>'; }).join('')}</tr>`;
    })
    .join('');
  return `<section id="headroom"><h2>${escapeHtml(t(lang, 'glance_headroom'))}</h2><p class="meta">${escapeHtml(t(lang, 'glance_headroomNote'))}</p><div class="scroll"><table class="headroom">${head([t(lang, 'scenario'), ...checks.map((check) => t(lang, 'glance_ofBound', { check }))])}<tbody>${rows}</tbody></table></div></section>`;
}

/** The sticky contents: the page's sections, then each test with its verdict (in text, not only colour). */
export function contentsNav(report: SuiteReport, lang: Lang, sections: { id: string; title: string }[]): string {
  const tests = report.tests
    .map((r, i) => `<li><a href="#${testAnchor(i)}"><span class="${r.verdict}">${escapeHtml(verdictLabel(r.verdict, lang))}</span> ${escapeHtml(`${rowLabel(r)}: ${r.scenario}`)}</a></li>`)
    .join('');
  return `<nav id="toc" aria-label="${escapeHtml(t(lang, 'glance_contents'))}"><h2>${escapeHtml(t(lang, 'glance_contents'))}</h2><ul>${sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('')}</ul><ul class="tests">${tests}</ul></nav>`;
}
