import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { buildSuiteReport } from '../../src/report/suite-report.ts';
import type { StoredRun } from '../../src/result/store.ts';
import type { RunSummary, StepSummary } from '../../src/result/types.ts';
import { dist, synthMeta, synthSummary } from './fixtures.ts';

function step(count: number, failed: number, p50: number): StepSummary {
  return { count, ok: count - failed, failed, errors: failed ? { http_5xx: failed } : {}, statusCodes: {}, latencyMs: dist(p50, p50 * 2, p50 * 3, count - failed) };
}

/** A run of journeys on seed-report: guest chat failed first, then chat; account was fine. */
function mixedRun(): RunSummary {
  const s = synthSummary({ durationS: 35 });
  s.window = { kind: 'steady', fromS: 5, toS: 35 };
  s.steps = { account: step(300, 0, 40), 'guest-chat': step(258, 92, 1000), chat: step(436, 3, 1200) };
  s.journeys = {
    guest: { weight: 45, share: 0.45, started: 175, completed: 175, ok: 83, failed: 92, errors: { http_5xx: 92 }, durationMs: dist(12_000) },
    user: { weight: 55, share: 0.55, started: 225, completed: 225, ok: 221, failed: 4, errors: { http_5xx: 4 }, durationMs: dist(15_000) },
  };
  s.degradations = [
    { step: 'guest-chat', atS: 7, targetRps: 20, reason: 'errors 59.3% of 27 requests over 5 s (bound < 1%)', resources: { cpuPercent: 86.2, jsMemoryBytes: 1_203 * 1_048_576 } },
    { step: 'chat', atS: 10, targetRps: 20, reason: 'errors 3.6% of 28 requests over 5 s (bound < 1%)' },
  ];
  s.slo = {
    passed: false,
    checks: [
      { name: 'errorRate', bound: '< 0.01', actual: 0.24, passed: false },
      { name: 'account › latency.p95', bound: '< 300 ms', actual: 80, passed: true },
      { name: 'account › errorRate', bound: '< 0.01', actual: 0, passed: true },
      { name: 'guest-chat › latency.p95', bound: '< 4000 ms', actual: 2000, passed: true },
      { name: 'guest-chat › errorRate', bound: '< 0.01', actual: 92 / 258, passed: false },
      { name: 'share-keyword › errorRate', bound: '< 0.01', actual: NaN, passed: false, reason: 'no request of this step in the judged window' },
    ],
  };
  return s;
}

describe('report of a mixed run (journeys)', () => {
  const runs: StoredRun[] = [{ meta: synthMeta({ endpoint: 'journeys', route: 'the release gate', scenario: 'users on their journeys' }), summary: mixedRun(), file: '/r/runs/journeys.json' }];

  it('report.md names the endpoint that degraded first with the reason and resources, then gives each step a row judged by its endpoint SLO', () => {
    const md = renderMarkdown(buildSuiteReport({ runId: 'r', runDir: '/r', runs, lang: 'en' }));
    expect(md).toContain('## Mixed run: endpoints at once');
    expect(md).toContain('**Degraded first: guest-chat, 7 s into the run, at 20 users/s: errors 59.3% of 27 requests over 5 s (bound < 1%); CPU 86.2%, memory 1203 MiB. Then: chat (10 s).**');
    const row = (name: string) => md.split('\n').find((l) => l.startsWith(`| ${name} |`));
    expect(row('account')).toMatch(/^\| account \| 300 \| 10 \| 40 ms \| 80 ms \| 120 ms \| 0% \| latency\.p95 < 300 ms, errorRate < 0\.01 \| PASS \|$/);
    expect(row('guest-chat')).toMatch(/\| 35\.7% \|.*\| FAIL: errorRate 0\.357 \(< 0\.01\) \|$/);
    expect(row('share-keyword')).toMatch(/^\| share-keyword \| 0 \| 0 \| n\/a \| n\/a \| n\/a \| n\/a \| errorRate < 0\.01 \| FAIL: errorRate no request of this step in the judged window \|$/);
    expect(row('chat')).toMatch(/\| not judged \|$/);
    expect(row('guest')).toMatch(/^\| guest \| 45% \| 175 \| 175 \| 83 \| 92 \| 12\.0 s \| 24\.0 s \|$/);
    // The failed step checks are listed with their unit like any other.
    expect(md).toMatch(/\| guest-chat › errorRate \| < 0\.01 \| 35\.7% \|/);
  });

  it('report.html has the same section, in the contents; a run where nothing degraded says so', () => {
    const html = renderHtml(buildSuiteReport({ runId: 'r', runDir: '/r', runs, lang: 'en' }), runs);
    expect(html).toContain('<section id="mix"><h2>Mixed run: endpoints at once</h2>');
    expect(html).toContain('href="#mix"');
    expect(html).toContain('Degraded first: guest-chat, 7 s into the run');
    const calm = mixedRun();
    calm.degradations = [];
    const md = renderMarkdown(buildSuiteReport({ runId: 'r', runDir: '/r', runs: [{ ...runs[0]!, summary: calm }], lang: 'zh' }));
    expect(md).toContain('运行期间没有接口劣化');
  });

  it('a single-endpoint run has no mixed-run section', () => {
    const one: StoredRun[] = [{ meta: synthMeta(), summary: synthSummary(), file: '/r/runs/a.json' }];
    expect(renderMarkdown(buildSuiteReport({ runId: 'r', runDir: '/r', runs: one, lang: 'en' }))).not.toContain('Mixed run');
  });
});
