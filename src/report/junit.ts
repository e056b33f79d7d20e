import { fmtActual } from './markdown.ts';
import { redact } from './redact.ts';
import type { ReportTest, SuiteReport } from './suite-report.ts';

/** Escapes text for XML content and attributes, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return redact(text)
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function failureOf(r: ReportTest): { message: string; body: string } | undefined {
  const failedChecks = (r.slo?.checks ?? []).filter((c) => !c.passed);
  if (failedChecks.length) {
    const parts = failedChecks.map((c) => `${c.name} ${c.bound} (actual ${fmtActual(c.name, c.actual)}${c.reason ? `, ${c.reason}` : ''})`);
    return { message: `SLO failed: ${parts.join('; ')}`, body: [...parts, ...r.observations, ...(r.test?.errors ?? [])].join('\n') };
  }
  if (r.verdict === 'fail' || r.verdict === 'error') {
    const first = r.test?.errors[0]?.split('\n')[0] ?? 'no results recorded';
    return { message: first, body: [...(r.test?.errors ?? []), ...r.observations].join('\n') };
  }
  return undefined;
}

/** JUnit XML of the perf tests: one suite per endpoint, SLO failures as failure messages. */
export function renderJunit(report: SuiteReport): string {
  const byEndpoint = new Map<string, ReportTest[]>();
  for (const r of report.tests) byEndpoint.set(r.endpoint, [...(byEndpoint.get(r.endpoint) ?? []), r]);
  const suites = [...byEndpoint.entries()].map(([endpoint, tests]) => {
    const cases = tests.map((r) => {
      const time = ((r.test?.durationMs ?? 0) / 1000).toFixed(3);
      const open = `    <testcase classname="${escapeXml(`perf.${endpoint}`)}" name="${escapeXml(r.scenario)}" time="${time}"`;
      if (r.verdict === 'skipped') return `${open}>\n      <skipped${r.test?.skipNote ? ` message="${escapeXml(r.test.skipNote)}"` : ''}/>\n    </testcase>`;
      if (r.verdict === 'interrupted') return `${open}>\n      <skipped message="interrupted: partial run"/>\n    </testcase>`;
      const failure = failureOf(r);
      const tag = r.verdict === 'error' ? 'error' : 'failure';
      const m = r.metrics;
      const ms = (v: number) => (m?.samples === 0 ? 'n/a' : `${v} ms`);
      const props = m
        ? `      <system-out>${escapeXml(`target ${m.targetRps}/s achieved ${m.achievedRps}/s p50 ${ms(m.p50)} p95 ${ms(m.p95)} p99 ${ms(m.p99)} error rate ${m.completed === 0 ? 'n/a' : m.errorRate}`)}</system-out>\n`
        : '';
      if (!failure) return `${open}>\n${props}    </testcase>`;
      return `${open}>\n      <${tag} message="${escapeXml(failure.message)}" type="${r.verdict === 'error' ? 'error' : 'slo'}">${escapeXml(failure.body)}</${tag}>\n${props}    </testcase>`;
    });
    const failures = tests.filter((r) => r.verdict === 'fail').length;
    const errors = tests.filter((r) => r.verdict === 'error').length;
    const skipped = tests.filter((r) => r.verdict === 'skipped' || r.verdict === 'interrupted').length;
    const time = tests.reduce((a, r) => a + (r.test?.durationMs ?? 0), 0) / 1000;
    return `  <testsuite name="${escapeXml(endpoint)}" tests="${tests.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time.toFixed(3)}" timestamp="${escapeXml(report.startedAt)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const c = report.counts;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(`perf ${report.runId}`)}" tests="${c.tests}" failures="${c.failed}" errors="${c.errored}" skipped="${c.skipped + c.interrupted}" time="${report.durationS.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
