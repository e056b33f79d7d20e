import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { errorOnsets, findLatencyRise, observe, observationText } from '../../src/report/observations.ts';
import { buildSuiteReport, type TestInfo } from '../../src/report/suite-report.ts';
import type { StoredRun } from '../../src/result/store.ts';
import { synthMeta, synthSummary } from './fixtures.ts';

function stored(over: Parameters<typeof synthSummary>[0] = {}, meta = synthMeta()): StoredRun {
  return { meta, summary: synthSummary(over), file: `/r/runs/${meta.endpoint}--x.json` };
}

function test(over: Partial<TestInfo> = {}): TestInfo {
  return { id: '1', file: 'perf/guest-chat.perf.ts', name: 'guest chat holds the target rate', fullName: 'POST /api/godgpt/guest/chat > guest chat holds the target rate', state: 'passed', errors: [], ...over };
}

describe('observations', () => {
  it('finds the second p95 rose and its levels', () => {
    const rise = findLatencyRise(synthSummary({ breakAtS: 40 }).timeline);
    expect(rise).toEqual({ fromMs: 80, toMs: 900, atS: 40 });
    expect(findLatencyRise(synthSummary().timeline)).toBeUndefined();
  });

  it('ignores a single slow second', () => {
    const s = synthSummary();
    s.timeline[30]!.p95 = 2000;
    expect(findLatencyRise(s.timeline)).toBeUndefined();
  });

  it('gives the first second of each error kind and the target rate then', () => {
    const s = synthSummary({ rampTo: 100, breakAtS: 40, durationS: 60 });
    const [onset] = errorOnsets(s.timeline);
    expect(onset).toMatchObject({ kind: 'http_524', atS: 40, count: 100 });
    expect(onset!.targetRps).toBe(s.timeline[40]!.targetRps);
    expect(observationText(s, 'en')).toContain(`524 from ${s.timeline[40]!.targetRps} QPS (first at 40 s, ×100)`);
  });

  it('flags an overloaded generator, a short rate, and memory growth', () => {
    const s = synthSummary({ generatorValid: false, resources: true });
    s.throughput.achievedRps = 50;
    const text = observe(s).map((o) => o.key);
    expect(text).toEqual(expect.arrayContaining(['obs_generator', 'obs_rate_short', 'obs_memory_growth']));
    expect(observationText(s, 'en', 10)).toMatch(/generator overloaded.*event loop lag 250 ms/);
    expect(observationText(s, 'en', 10)).toMatch(/memory rssBytes grew \d+% \(\d+ MB → \d+ MB\)/);
  });

  it('says stable when nothing stands out', () => {
    expect(observationText(synthSummary(), 'en')).toBe('stable');
    expect(observationText(synthSummary(), 'zh')).toBe('稳定');
  });
});

describe('report.md', () => {
  it('renders the results table with every column from the data', () => {
    const report = buildSuiteReport({ runId: 'r1', runDir: '/r', runs: [stored({ breakAtS: 40, sse: true })], tests: [test()], lang: 'en' });
    const md = renderMarkdown(report);
    expect(md).toContain('# Performance report: r1');
    expect(md).toContain('| Endpoint | Scenario | Target QPS | Achieved QPS | p50 | p95 | p99 | TTFT p95 | Error rate | Response size p50 / max | Verdict | Observations |');
    const row = md.split('\n').find((l) => l.startsWith('| guest-chat'))!;
    const cells = row.split(' | ');
    expect(cells[0]).toBe('| guest-chat (POST /api/godgpt/guest/chat)');
    expect(cells.slice(2, 8)).toEqual(['100', '98', '40 ms', '80 ms', '120 ms', '300 ms']);
    expect(cells[8]).toBe('1.7% 524 ×100');
    expect(cells[9]).toBe('2.0 KB / 8.0 KB');
    expect(row).toContain('p95 rose from 80 ms to 900 ms after 40 s');
    expect(row).toContain('524 from 100 QPS (first at 40 s, ×100)');
    expect(md).toContain('Profile: `pr`');
  });

  it('shows api_error codes beside the error kinds', () => {
    const run = stored({});
    run.summary.errors = { api_error: 30 };
    run.summary.errorRate = 0.01;
    run.summary.apiCodes = { '50000': 20, '-1': 10 };
    const report = buildSuiteReport({ runId: 'r1', runDir: '/r', runs: [run], tests: [test()], lang: 'en' });
    const row = renderMarkdown(report).split('\n').find((l) => l.startsWith('| guest-chat'))!;
    expect(row.split(' | ')[8]).toBe('1% api error ×30 (code 50000 ×20, code -1 ×10)');
  });

  it('lists failed SLO checks and marks the run failed', () => {
    const report = buildSuiteReport({ runId: 'r1', runDir: '/r', runs: [stored({ sloPassed: false, breakAtS: 50 })], tests: [test({ state: 'failed', errors: ['SLO failed'] })], lang: 'en' });
    const md = renderMarkdown(report);
    expect(report.passed).toBe(false);
    expect(md).toContain('❌ FAIL');
    expect(md).toContain('## SLO failures');
    expect(md).toMatch(/\| guest-chat: guest chat holds the target rate \| errorRate \| < 0.01 \| 0\.\d+% \|/);
  });

  it('keeps a crashed test without results, and runs without a test', () => {
    const other = stored({}, synthMeta({ endpoint: 'session-list', route: 'GET /api/godgpt/session-list', scenario: 'lists sessions', sse: false }));
    const report = buildSuiteReport({
      runId: 'r1', runDir: '/r', runs: [other], lang: 'en',
      tests: [test({ state: 'failed', errors: ['TargetUnreachableError: connect ECONNREFUSED 127.0.0.1:1 Bearer eyJabc.def'] })],
    });
    expect(report.tests.map((r) => [r.endpoint, r.verdict])).toEqual([['guest-chat', 'error'], ['session-list', 'pass']]);
    const md = renderMarkdown(report);
    expect(md).toContain('ECONNREFUSED');
    expect(md).not.toContain('eyJabc');
    expect(md).toContain('💥 ERROR');
  });

  it('escapes pipes and newlines that come from data', () => {
    const meta = synthMeta({ scenario: 'a | b\nc' });
    const md = renderMarkdown(buildSuiteReport({ runId: 'r', runDir: '/r', runs: [stored({}, meta)], lang: 'en' }));
    expect(md).toContain('a \\| b c');
  });

  it('renders in Chinese: labels and observation sentences', () => {
    const report = buildSuiteReport({ runId: 'r1', runDir: '/r', runs: [stored({ breakAtS: 40, resources: true })], tests: [test()], lang: 'zh' });
    const md = renderMarkdown(report);
    expect(md).toContain('# 性能测试报告: r1');
    expect(md).toContain('| 接口 | 场景 | 目标 QPS | 实际 QPS | p50 | p95 | p99 | 首字 p95 | 错误率 | 响应大小 p50 / max | 结论 | 观察 |');
    expect(md).toContain('40 秒后 p95 从 80 ms 升至 900 ms');
    expect(md).toContain('100 QPS 起出现 524（首次在 40 秒，×100）');
    expect(md).toContain('内存 rssBytes 增长');
    expect(md).not.toMatch(/rose from|Observations/);
  });

  it('renders a capacity section from summary.json capacity', () => {
    const capacity = { 'guest-chat': { steps: [{ targetRps: 10, achievedRps: 10, p50: 5, p95: 9, p99: 12, errorRate: 0, passed: true }, { targetRps: 20, achievedRps: 14, p50: 50, p95: 900, p99: 1500, errorRate: 0.2, passed: false }], maxStableRps: 10, degradationRps: 20 } };
    const md = renderMarkdown(buildSuiteReport({ runId: 'r', runDir: '/r', runs: [], lang: 'en', capacity }));
    expect(md).toContain('## Capacity');
    expect(md).toContain('| guest-chat | 10 | 20 | — |');
    expect(md).toContain('### guest-chat');
    expect(md).toContain('| 10 | 10 | 5 ms | 9 ms | 12 ms | 0% | yes |\n| 20 | 14 | 50 ms | 900 ms | 1.50 s | 20% | no |');
  });
});

describe('memory observation', () => {
  it('ignores short runs and small growth (heaps grow while warming up)', () => {
    const short = synthSummary({ durationS: 10, resources: true });
    expect(observe(short).map((o) => o.key)).not.toContain('obs_memory_growth');
    const small = synthSummary({ durationS: 60 });
    small.timeline.forEach((e, i) => (e.resources = { heapUsedBytes: 12e6 + i * 1e5 }));
    expect(observe(small).map((o) => o.key)).not.toContain('obs_memory_growth');
  });
});

describe('fmtActual', () => {
  it('formats a check value in its unit', async () => {
    const { fmtActual } = await import('../../src/report/markdown.ts');
    expect(fmtActual('generator', 16.359)).toBe('p99 dispatch lag 16.4 ms');
    expect(fmtActual('latency.p95', 1850.367)).toBe('1.85 s');
    expect(fmtActual('errorRate', 0.0123)).toBe('1.2%');
    expect(fmtActual('rateRatio', 1)).toBe('100%');
    expect(fmtActual('resources.cpuPercent', 93.456)).toBe('93.5%');
    // tpot and goodput were printed bare ("248.063", "0.014") in the failed-checks table.
    expect(fmtActual('tpot.p95', 248.063)).toBe('248 ms');
    expect(fmtActual('goodput', 0.014)).toBe('1.4%');
    expect(fmtActual('ttft.p99', 4680)).toBe('4.68 s');
    expect(fmtActual('okRequests', 0)).toBe('0');
    expect(fmtActual('latency.p95', NaN)).toBe('-');
  });
});
