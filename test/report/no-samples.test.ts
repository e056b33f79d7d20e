import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSteps } from '../../src/capacity/format.ts';
import type { CapacityStep } from '../../src/capacity/types.ts';
import { runLoad } from '../../src/load/run-load.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';
import { compareRuns, diffMetrics, DEFAULT_THRESHOLDS } from '../../src/report/compare.ts';
import { renderHtml } from '../../src/report/html.ts';
import { runCharts } from '../../src/report/html-charts.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { metricCells, renderMarkdown } from '../../src/report/markdown.ts';
import type { StoredRun } from '../../src/result/store.ts';
import { buildSuiteReport, headline, type SuiteReport } from '../../src/report/suite-report.ts';
import { renderTerminalTable } from '../../src/report/terminal.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { startServer, type TestServer } from '../engine/server.ts';
import { synthMeta, synthSummary } from './fixtures.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{not json');
  });
});
afterAll(() => srv.close());

/** Every request answers a 200 whose body is not JSON: the check makes each one `invalid_body`. */
function invalidJsonRun(over: Partial<RunLoadOptions>): Promise<RunSummary> {
  return runLoad({
    name: 'broken',
    baseUrl: srv.url,
    scenario: {
      url: '/x',
      check: (r) => {
        JSON.parse(r.body);
        return undefined;
      },
    },
    model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 1, target: 10 }] },
    warmupS: 0,
    timeoutMs: 2000,
    slo: { latencyMs: { p95: 500 } },
    ...over,
  });
}

function report(summary: RunSummary, targetRps: number): { report: SuiteReport; runs: StoredRun[] } {
  const meta = synthMeta({ endpoint: 'broken', route: 'GET /x', scenario: 'every answer is invalid JSON', targetRps, sse: false });
  const runs: StoredRun[] = [{ meta, summary, file: '/r/runs/broken--x.json' }];
  return { report: buildSuiteReport({ runId: 'r1', runDir: '/r', runs, lang: 'en' }), runs };
}

/** The table row of the test in report.md, as cells. */
function mdRow(r: SuiteReport): string[] {
  return renderMarkdown(r).split('\n').find((l) => l.startsWith('| broken'))!.split(' | ');
}

describe('a target that answers every request with invalid JSON', () => {
  it('shows the real target, 100% errors and n/a latency in report.md, the console table, report.html and JUnit', async () => {
    const s = await invalidJsonRun({});
    expect(s.errors.invalid_body).toBe(s.requests.scheduled);
    const { report: r, runs } = report(s, 10);
    expect(r.tests[0]!.verdict).toBe('fail');
    const cells = mdRow(r);
    expect(cells.slice(2, 7)).toEqual(['10', '0', 'n/a', 'n/a', 'n/a']);
    expect(cells[8]).toBe(`100% invalid body ×${s.requests.scheduled}`);
    const line = renderTerminalTable(r).find((l) => l.startsWith('broken'))!;
    expect(line).toMatch(/ 10\s+0\s+n\/a\s+n\/a\s+n\/a\s+-\s+100% invalid body ×\d+\s+FAIL/);
    const html = renderHtml(r, runs);
    expect(html).toContain('p50 n/a · p95 n/a · p99 n/a · Error rate 100% invalid body');
    expect(html).not.toMatch(/p95 0 ms/);
    expect(renderJunit(r)).toMatch(/target 10\/s achieved 0\/s p50 n\/a p95 n\/a p99 n\/a error rate 1</);
    const dist = runCharts('t0', s, 'en').find((c) => c.id === 't0-dist');
    expect(dist?.series.map((x) => x.label)).toEqual(['failed']);
  });

  it('stopped by abort-on-fail before its judged window, it shows the planned target and the whole run, not 0 and 0%', async () => {
    const s = await invalidJsonRun({
      model: { type: 'arrival-rate', startRate: 0, stages: [{ durationS: 3, target: 30 }, { durationS: 3, target: 30 }] },
      abortOnFail: { errorRate: 0.5, windowS: 2, minRequests: 5 },
    });
    expect(s.aborted).toBe(true);
    expect(s.requests.scheduled).toBe(0);
    expect(s.whole.requests.failed).toBeGreaterThan(0);
    const { report: r, runs } = report(s, 30);
    const cells = mdRow(r);
    expect(cells.slice(2, 7)).toEqual(['30', '0', 'n/a', 'n/a', 'n/a']);
    // A request still in flight when the run stopped is scheduled but neither ok nor failed, so the
    // whole run's error rate may be below 100% (83.3%: 5 of 6 on a loaded machine); never 0%.
    const pct = '(100|\\d{1,2}(\\.\\d)?)%';
    expect(s.whole.errorRate).toBeGreaterThan(0.5);
    expect(cells[8]).toMatch(new RegExp(`^${pct} invalid body ×${s.whole.requests.failed}$`));
    expect(r.tests[0]!.metrics).toMatchObject({ scope: 'whole', requests: s.whole.requests.scheduled, errorRate: s.whole.errorRate, samples: 0 });
    expect(renderTerminalTable(r).find((l) => l.startsWith('broken'))).toMatch(new RegExp(` 30\\s+0\\s+n/a\\s+n/a\\s+n/a\\s+-\\s+${pct} invalid body`));
    expect(renderHtml(r, runs)).toMatch(new RegExp(`Target QPS 30 · Achieved QPS 0 · p50 n/a · p95 n/a · p99 n/a · Error rate ${pct} invalid body`));
  });
});

describe('headline metrics without ok samples', () => {
  it('an interrupted run with nothing completed shows the error rate as n/a, not 0%', () => {
    const s = synthSummary({ durationS: 5 });
    s.requests = { scheduled: 67, sent: 67, completed: 0, ok: 0, failed: 0, dropped: 0 };
    s.errorRate = 0;
    s.errors = {};
    s.latencyMs = { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
    s.stream = undefined;
    const r = report(s, 10).report;
    const cells = metricCells(r.tests[0]!);
    expect(cells[2]).toBe('n/a');
    expect(cells[6]).toBe('n/a');
  });

  it('an SSE run whose streams never delivered a token shows TTFT n/a', () => {
    const s = synthSummary({ sse: true });
    s.stream = { ...s.stream!, ttftMs: { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 } };
    const { report: r } = report(s, 100);
    r.tests[0]!.sse = true;
    expect(metricCells(r.tests[0]!)[5]).toBe('n/a');
  });

  it('compare reads older summaries (achievedRps counted sent iterations) and never judges latency without ok samples', () => {
    const old = synthSummary({ breakAtS: 30 });
    delete old.throughput.sentRps;
    old.throughput.achievedRps = 100;
    const h = headline(old);
    expect(h.achievedRps).toBeCloseTo((100 * old.requests.ok) / old.requests.sent, 2);
    const failing = synthSummary();
    failing.requests = { ...failing.requests, ok: 0, failed: failing.requests.completed };
    failing.latencyMs = { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
    failing.throughput = { targetRps: 100, achievedRps: 0, sentRps: 100 };
    failing.errorRate = 1;
    const d = diffMetrics(headline(synthSummary()), headline(failing), DEFAULT_THRESHOLDS);
    for (const m of d.filter((x) => x.metric.startsWith('p'))) {
      expect(m).toMatchObject({ regressed: false, notJudged: 'no ok request in HEAD: no latency' });
      expect(m.head).toBeNaN();
    }
    expect(d.find((x) => x.metric === 'rate')?.regressed).toBe(true);
    expect(d.find((x) => x.metric === 'errorRate')?.regressed).toBe(true);
    const cmp = compareRuns({ source: 'a', entries: [{ key: 'k', label: 'k', metrics: headline(synthSummary()) }] }, { source: 'b', entries: [{ key: 'k', label: 'k', metrics: headline(failing) }] });
    expect(cmp.regressed).toBe(true);
  });

  it('a capacity step with no ok request shows n/a latency, in the CLI table and report.md', () => {
    const step: CapacityStep = {
      targetRps: 20, achievedRps: 0, sentRps: 20, p50: NaN, p95: NaN, p99: NaN, errorRate: 1, passed: false, phase: 'search',
      generatorValid: true, failures: ['no request succeeded: 100 of 100 failed (invalid_body ×100)'], errors: { invalid_body: 100 },
    };
    expect(formatSteps([step])[1]).toMatch(/search\s+20\s+0\s+n\/a\s+n\/a\s+n\/a\s+100%/);
    const capacity = { broken: JSON.parse(JSON.stringify({ steps: [step], maxStableRps: null, degradationRps: null })) as unknown };
    const r = buildSuiteReport({ runId: 'r1', runDir: '/r', runs: [], lang: 'en', capacity });
    expect(renderMarkdown(r)).toContain('| 20 | 0 | n/a | n/a | n/a | 100% | no |');
  });
});
