import { describe, expect, it } from 'vitest';
import { renderHtml, escapeHtml, scriptJson } from '../../src/report/html.ts';
import { buildSuiteReport } from '../../src/report/suite-report.ts';
import { runCharts, percentileX } from '../../src/report/html-charts.ts';
import { histogramPercentiles } from '../../src/report/percentiles.ts';
import { encodedHistogram, htmlFixture } from './html-fixture.ts';
import { synthSummary } from './fixtures.ts';

describe('report.html', () => {
  const { report, runs } = htmlFixture();
  const html = renderHtml(report, runs);

  it('shows api codes with their first message and the response size per test', () => {
    const { runs: rs } = htmlFixture('en', false);
    rs[1]!.summary.apiCodes = { '50000': 3 };
    rs[1]!.summary.apiMessages = { '50000': 'api error code 50000: Invalid Share string' };
    const page = renderHtml(buildSuiteReport({ runId: 'r1', runDir: '/r', runs: rs, lang: 'en' }), rs);
    expect(page).toContain('(code 50000 ×3)');
    expect(page).toContain('API code 50000: api error code 50000: Invalid Share string');
    expect(page).toContain('Response size p50 / max: p50 2.0 KB, max 8.0 KB');
  });

  it('is self-contained: no external script, stylesheet or image URLs', () => {
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/<img[^>]+src=["']?https?:/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    expect(html).toContain('uPlot');
    expect(html.match(/<script>/g)?.length).toBe(2);
  });

  it('escapes data: endpoint names, scenarios and the run id never become markup', () => {
    expect(html).not.toContain('<script>window.__xss=true</script>');
    expect(html).toContain('&lt;script&gt;window.__xss=true&lt;/script&gt;');
    expect(html).toContain('lists &quot;sessions&quot; &amp; more');
    expect(html).not.toContain('<b>1</b>');
    const json = html.slice(html.indexOf('id="perf-data">'), html.indexOf('</script>', html.indexOf('id="perf-data">')));
    expect(json).not.toContain('<');
  });

  it('puts SLO verdicts first, then results, capacity and per-test charts', () => {
    const order = ['id="slo"', 'id="results"', 'id="capacity"', 'id="tests"'].map((s) => html.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const id of ['t0-rate', 't0-latency', 't0-errors', 't0-dist', 't0-resources', 't1-rate', 't1-dist', 'cap0-capacity']) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).not.toContain('id="t1-resources"');
    expect(html).toContain('errorRate &lt; 0.01');
  });

  it('decodes the HDR histogram into percentile points', () => {
    const pts = histogramPercentiles(encodedHistogram())!;
    expect(pts.find((p) => p.percentile === 0)!.ms).toBeCloseTo(20, 0);
    expect(pts.find((p) => p.percentile === 50)!.ms).toBeGreaterThan(50);
    expect(pts.find((p) => p.percentile === 100)!.ms).toBeGreaterThan(900);
    for (let i = 1; i < pts.length; i++) expect(pts[i]!.ms).toBeGreaterThanOrEqual(pts[i - 1]!.ms);
    expect(histogramPercentiles('not base64 at all')).toBeUndefined();
    expect(percentileX(99)).toBe(2);
  });

  it('falls back to the digest when no histogram is stored', () => {
    const dist = runCharts('x', synthSummary(), 'en').find((c) => c.id === 'x-dist')!;
    expect(dist.series[0]!.values.filter((v) => v !== null)).toHaveLength(7);
  });

  it('charts TTFT p95 per second beside latency, and goodput per second beside the rate', () => {
    const base = synthSummary({ sse: true });
    const s = {
      ...base,
      timeline: base.timeline.map((e, i) => ({ ...e, ttftP95: 300 + i, goodput: e.ok - 1 })),
      goodput: { ratio: 0.99, rps: 99, bounds: { ttftMs: 1000 } },
    };
    const charts = runCharts('x', s, 'en');
    const ttft = charts.find((c) => c.id === 'x-latency')!.series.find((r) => r.label === 'TTFT p95')!;
    expect(ttft.values.slice(0, 2)).toEqual([300, 301]);
    const good = charts.find((c) => c.id === 'x-rate')!.series.find((r) => r.label === 'goodput')!;
    expect(good.values[0]).toBe(s.timeline[0]!.ok - 1);
    const plain = runCharts('x', synthSummary(), 'en');
    expect(plain.find((c) => c.id === 'x-rate')!.series.map((r) => r.label)).not.toContain('goodput');
    expect(plain.find((c) => c.id === 'x-latency')!.series.map((r) => r.label)).not.toContain('TTFT p95');
  });

  it('renders Chinese labels', () => {
    const zh = htmlFixture('zh');
    const page = renderHtml(zh.report, zh.runs);
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('SLO 结论');
    expect(page).toContain('延迟随时间变化');
  });

  it('escape helpers', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(scriptJson({ s: '</script><!--' })).toBe('{"s":"\\u003c/script>\\u003c!--"}');
  });
});
