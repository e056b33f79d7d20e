import { escapeControlChars } from '../core/control-chars.ts';
import { t, type Lang } from './messages.ts';
import { metricCells, overallLabel, verdictLabel } from './markdown.ts';
import { redact } from './redact.ts';
import { rowLabel, type SuiteReport } from './suite-report.ts';

/** Display width: CJK and other wide characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6)) ? 2 : 1;
  }
  return w;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

function clip(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * The end-of-run table for the terminal: one aligned line per test (observations indented
 * below), then the overall verdict. Plain text, no colours, secrets redacted, control characters escaped.
 */
export function renderTerminalTable(report: SuiteReport): string[] {
  const { lang } = report;
  const headers = [t(lang, 'endpoint'), t(lang, 'scenario'), t(lang, 'targetQps'), t(lang, 'achievedQps'), 'p50', 'p95', 'p99', t(lang, 'ttftP95'), t(lang, 'errorRate'), t(lang, 'verdict')];
  const right = [false, false, true, true, true, true, true, true, false, false];
  // Names and messages come from results files too: a control character there is shown escaped, never obeyed.
  const show = (text: string): string => escapeControlChars(redact(text));
  const rows = report.tests.map((r) => [show(rowLabel(r)), clip(show(r.scenario), 48), ...metricCells(r, 2), verdictLabel(r.verdict, lang)]);
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, right[i]!)).join('  ').trimEnd();
  const out = [line(headers), widths.map((w) => '─'.repeat(w)).join('  ')];
  report.tests.forEach((r, i) => {
    out.push(line(rows[i]!));
    for (const o of r.observations.slice(0, 4)) out.push(`    ↳ ${clip(show(o), 160)}`);
  });
  if (report.tests.length === 0) out.push(t(lang, 'noResults'));
  out.push('');
  out.push(`${t(lang, 'overall')}: ${overallLabel(report)}`);
  for (const p of report.problems) out.push(`! ${show(p)}`);
  return out.map(show);
}
