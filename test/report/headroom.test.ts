import { describe, expect, it } from 'vitest';
import { headroomBars, headroomText, parseBound } from '../../src/report/headroom.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { buildSuiteReport } from '../../src/report/suite-report.ts';
import type { StoredRun } from '../../src/result/store.ts';
import { synthMeta, synthSummary } from './fixtures.ts';
import { glanceFixture } from './html-fixture.ts';

describe('headroom: how close each bounded metric came to its bound', () => {
  it('reads the bound of a check: upper bounds, lower bounds, none', () => {
    expect(parseBound('< 300 ms')).toEqual({ direction: 'below', limit: 300 });
    expect(parseBound('< 0.01')).toEqual({ direction: 'below', limit: 0.01 });
    expect(parseBound('>= 0.95 (within ttftMs 1000)')).toEqual({ direction: 'atLeast', limit: 0.95 });
    expect(parseBound('valid')).toBeUndefined();
  });

  it('is measured ÷ bound (bound ÷ measured for an "at least" bound), leaves out the generator and okRequests, and invents nothing unmeasured', () => {
    const s = synthSummary();
    s.slo = {
      passed: false,
      checks: [
        { name: 'latency.p95', bound: '< 300 ms', actual: 35.9, passed: true },
        { name: 'latency.p99', bound: '< 500 ms', actual: NaN, passed: false, reason: 'insufficient samples (42 < 100)' },
        { name: 'rateRatio', bound: '>= 0.95', actual: 0.5, passed: false },
        { name: 'generator', bound: 'valid', actual: 1, passed: true },
        { name: 'okRequests', bound: '>= 1', actual: 400, passed: true },
      ],
    };
    const runs: StoredRun[] = [{ meta: synthMeta(), summary: s, file: '/r/runs/a.json' }];
    const bars = headroomBars(buildSuiteReport({ runId: 'r', runDir: '/r', runs, lang: 'en' }));
    expect(bars.map((b) => b.check)).toEqual(['latency.p95', 'latency.p99', 'rateRatio']);
    expect(bars[0]!.usage).toBeCloseTo(35.9 / 300, 9);
    expect(headroomText(bars[0]!)).toBe('latency.p95 35.9 ms of < 300 ms: 12%');
    expect(bars[1]!.usage).toBeNull();
    expect(headroomText(bars[1]!)).toContain('not measured (insufficient samples (42 < 100))');
    expect(bars[2]!.usage).toBeCloseTo(1.9, 9);
    expect(bars[2]!.passed).toBe(false);
  });

  it('report.md carries the headroom chart as a compact table, one row per test, a failed bound marked FAIL in text', () => {
    const { report } = glanceFixture(4);
    const md = renderMarkdown(report);
    const section = md.slice(md.indexOf('## Headroom'));
    expect(md).toContain('## Headroom');
    expect(section).toContain('| Scenario | latency.p95 (% of bound) | ttft.p95 (% of bound) | rateRatio (% of bound) | errorRate (% of bound) |');
    expect(section).toContain('| endpoint-00: endpoint-00 holds 20 QPS | ██░░░░░░░░ 18% | ███░░░░░░░ 30% | ██████████ 97% | ██░░░░░░░░ 20% |');
    expect(section).toContain('| endpoint-03: endpoint-03 holds 23 QPS | ██████████ 175% ❌ FAIL | ███░░░░░░░ 30% | ██████████ 97% | ██░░░░░░░░ 20% |');
    expect(section).toContain('| endpoint-01: endpoint-01 holds 21 QPS | ██░░░░░░░░ 18% | - | - | ██░░░░░░░░ 20% |');
  });
});

describe('headroom in Chinese', () => {
  it('names the columns, an unmeasured check and a failed bound in the report language', () => {
    const { runs } = glanceFixture(4);
    runs[1]!.summary.slo!.checks[0] = { name: 'latency.p95', bound: '< 200 ms', actual: NaN, passed: false, reason: 'insufficient samples (3 < 20)' };
    const report = buildSuiteReport({ runId: 'r', runDir: '/r', runs, lang: 'zh' });
    const md = renderMarkdown(report);
    expect(md).toContain('latency.p95（占阈值 %）');
    expect(md).toContain('175% ❌ 未通过');
    expect(md).toContain('| 未测得 ❌ 未通过 |');
    const html = renderHtml(report, runs);
    expect(html).toContain('latency.p95（占阈值 %）');
    expect(html).toContain('<span class="hr-text fail">未测得 未通过</span>');
    expect(html).not.toContain('% of bound');
  });
});

describe('report.html results table by priority', () => {
  it('groups rows under their priority in label order, rows without one last, each row still linking to its section', () => {
    const { report, runs } = glanceFixture(4);
    const labels = ['P1', undefined, 'P0', 'P10'];
    report.tests.forEach((t, i) => {
      const r = t as { priority?: string };
      if (labels[i]) r.priority = labels[i];
      else delete r.priority;
    });
    const html = renderHtml(report, runs);
    const results = html.slice(html.indexOf('id="results"'), html.indexOf('</section>', html.indexOf('id="results"')));
    const order = [...results.matchAll(/<tr class="group"><th colspan="12">([^<]+)<\/th><\/tr><tr data-test="(\d)">/g)].map((m) => [m[1], m[2]]);
    expect(order).toEqual([['Priority P0', '2'], ['Priority P1', '0'], ['Priority P10', '3'], ['no priority', '1']]);
    for (const i of [0, 1, 2, 3]) expect(results).toContain(`<tr data-test="${i}"><td><a href="#test-${i}">`);
  });
});
