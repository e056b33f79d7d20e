import { fmtChangeCi, metricName } from './compare-format.ts';
import type { StatCompareResult } from './compare-verdict.ts';

const START = '<!-- perf compare: start -->';
const END = '<!-- perf compare: end -->';

/** report.md with the comparison's section at its end, replacing the one an earlier `perf compare --report` added. */
export function withComparisonSection(reportMd: string, section: readonly string[]): string {
  const s = reportMd.indexOf(START);
  const e = reportMd.indexOf(END);
  const kept = s >= 0 && e > s ? reportMd.slice(0, s) + reportMd.slice(e + END.length) : reportMd;
  return `${kept.trimEnd()}\n\n${START}\n${section.join('\n')}\n${END}\n`;
}

/** Annotation text: one line, no `%`, CR or LF (GitHub's escaping of workflow commands). */
function esc(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub workflow commands: `::error::` for each gating "slower", `::warning::` for each "not enough evidence". */
export function githubAnnotations(result: StatCompareResult): string[] {
  const lines: string[] = [];
  for (const d of result.diffs) {
    for (const m of d.metrics) {
      if (m.regressed) lines.push(`::error title=perf compare: slower::${esc(`${d.label}: ${metricName(m)} ${fmtChangeCi(m)}`)}`);
      else if (m.verdict === 'slower') lines.push(`::warning title=perf compare: slower, not gating::${esc(`${d.label}: ${metricName(m)} ${fmtChangeCi(m)}`)}`);
      else if (m.verdict === 'unknown') lines.push(`::warning title=perf compare: not enough evidence::${esc(`${d.label}: ${metricName(m)} ${fmtChangeCi(m)}: run more (PERF_REPEAT)`)}`);
    }
  }
  return lines;
}
