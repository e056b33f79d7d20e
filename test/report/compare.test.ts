import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCompareCommand } from '../../src/cli/compare.ts';
import { compareRuns, diffMetrics, DEFAULT_THRESHOLDS } from '../../src/report/compare.ts';
import { saveRunSummary } from '../../src/result/store.ts';
import { writeSuiteReports } from '../../src/report/write-reports.ts';
import { dist, synthMeta, synthSummary } from './fixtures.ts';
import type { RunSummary } from '../../src/result/types.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'perf-compare-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l: string) => void out.push(l), stderr: (l: string) => void err.push(l) };
}

function withLatency(s: RunSummary, p50: number, p95: number, p99: number): RunSummary {
  s.latencyMs = dist(p50, p95, p99);
  return s;
}

function runFolder(name: string, summaries: [RunSummary, string][]): string {
  const d = join(dir, name);
  for (const [s, endpoint] of summaries) saveRunSummary(s, synthMeta({ endpoint, scenario: `${endpoint} holds the rate` }), d);
  return d;
}

describe('compare', () => {
  it('flags latency past the threshold but not within it, and not sub-ms jitter', () => {
    const base = synthSummary();
    const m = (p50: number, p95: number, p99: number) => ({ ...diffMetricsInput(base), p50, p95, p99 });
    const d = diffMetrics(m(40, 80, 120), m(46, 130, 200), DEFAULT_THRESHOLDS);
    expect(d.map((x) => [x.metric, x.regressed])).toEqual([['p50', false], ['p95', true], ['p99', false], ['rate', false], ['errorRate', false]]);
    const tiny = diffMetrics(m(0.5, 1, 1.2), m(0.9, 2, 2.5), DEFAULT_THRESHOLDS);
    expect(tiny.some((x) => x.regressed)).toBe(false);
  });

  it('does not judge a percentile resting on too few samples', () => {
    const b = { ...diffMetricsInput(synthSummary()), samples: 350 };
    const d = diffMetrics(b, { ...b, p99: b.p99 * 3, p95: b.p95 * 3 }, DEFAULT_THRESHOLDS);
    expect(d.find((x) => x.metric === 'p99')).toMatchObject({ regressed: false, notJudged: '350 samples, 3 above p99 (< 5)' });
    expect(d.find((x) => x.metric === 'p95')!.regressed).toBe(true);
    expect(diffMetrics(b, { ...b, p99: b.p99 * 3 }, { ...DEFAULT_THRESHOLDS, minTailSamples: 1 }).find((x) => x.metric === 'p99')!.regressed).toBe(true);
  });

  it('flags a rate drop and an error-rate rise', () => {
    const b = diffMetricsInput(synthSummary());
    const d = diffMetrics(b, { ...b, achievedRps: 80, errorRate: b.errorRate + 0.02 }, DEFAULT_THRESHOLDS);
    expect(d.filter((x) => x.regressed).map((x) => x.metric)).toEqual(['rate', 'errorRate']);
  });

  it('exit 0 for identical folders, 1 for a gating "slower", with per-endpoint verdicts and intervals', async () => {
    const base = runFolder('base', [[synthSummary(), 'guest-chat'], [synthSummary(), 'session-list']]);
    const same = runFolder('same', [[synthSummary(), 'guest-chat'], [synthSummary(), 'session-list']]);
    const worse = runFolder('worse', [[withLatency(synthSummary(), 40, 200, 300), 'guest-chat'], [synthSummary(), 'session-list']]);
    const a = io();
    expect(await runCompareCommand([base, same], a)).toBe(0);
    expect(a.out.join('\n')).toContain('no regression in 2 compared tests');
    const b = io();
    expect(await runCompareCommand([base, worse], b)).toBe(1);
    const text = b.out.join('\n');
    expect(text).toContain('SLOWER   guest-chat: guest-chat holds the rate');
    expect(text).toMatch(/p95\s+80 ms → 200 ms\s+\+150\.0% \[\+\d+\.\d%, \+\d+\.\d%\]\s+▲ slower/);
    expect(text).toMatch(/p50\s+40 ms → 40 ms\s+\+0\.0% \[-\d+\.\d%, \+\d+\.\d%\]\s+not enough evidence: run more/);
    expect(text).toContain('UNSURE   session-list: session-list holds the rate');
    expect(text).toContain('1 of 2 compared tests slower');
  });

  it('the minimum change that counts and the gate are flags', async () => {
    const base = runFolder('base', [[synthSummary(), 'guest-chat']]);
    const worse = runFolder('worse', [[withLatency(synthSummary(), 40, 200, 300), 'guest-chat']]);
    expect(await runCompareCommand([base, worse, '--p95', '200', '--p99', '200'], io())).toBe(0);
    expect(await runCompareCommand([base, worse, '--latency', '200'], io())).toBe(0);
    expect(await runCompareCommand([base, worse, '--gate', 'p50,errors'], io())).toBe(0);
    const g = io();
    expect(await runCompareCommand([base, worse, '--gate', 'none'], g)).toBe(0);
    expect(g.out.join('\n')).toMatch(/p95 .*slower \(does not gate\)/);
    const j = io();
    expect(await runCompareCommand([base, worse, '--json'], j)).toBe(1);
    const doc = JSON.parse(j.out[0]!);
    expect(doc.thresholds).toMatchObject({ p95: 0.02, errorRate: 0.005, confidence: 0.95, runNoise: 0.2 });
    expect(doc.diffs[0].metrics.find((m: { metric: string }) => m.metric === 'p95')).toMatchObject({ verdict: 'slower', regressed: true, gating: true, runs: { base: 1, head: 1 }, spread: 'assumed' });
    for (const [flag, re] of [['--gate', /--gate: unknown metric "p42"/], ['--confidence', /--confidence must be between 50 and 99\.9/]] as const) {
      const o = io();
      expect(await runCompareCommand([base, worse, flag, flag === '--gate' ? 'p42' : '20'], o)).toBe(2);
      expect(o.err[0]).toMatch(re);
    }
  });

  it('accepts summary.json files and single run JSON files from perf run --json', async () => {
    const base = runFolder('base', [[synthSummary(), 'guest-chat']]);
    writeSuiteReports({ dir: base, env: {} });
    const head = runFolder('head', [[synthSummary(), 'guest-chat']]);
    writeSuiteReports({ dir: head, env: {} });
    expect(await runCompareCommand([join(base, 'summary.json'), head], io())).toBe(0);
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, JSON.stringify(synthSummary({ name: 'GET /x' })));
    writeFileSync(b, JSON.stringify(withLatency(synthSummary({ name: 'GET /x' }), 80, 160, 240)));
    const o = io();
    expect(await runCompareCommand([a, b], o)).toBe(1);
    expect(o.out.join('\n')).toMatch(/p50\s+40 ms → 80 ms\s+\+100\.0% \[.*\]\s+▲ slower/);
  });

  it('exit 2 on bad input, with a clear message naming the file', async () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(synthSummary()));
    const garbage = join(dir, 'garbage.json');
    writeFileSync(garbage, '{"version": 1, "trunc');
    const cases: [string[], RegExp][] = [
      [[join(dir, 'missing'), good], /BASE: no such file or folder: .*missing/],
      [[good, garbage], /HEAD: .*garbage\.json is not valid JSON/],
      [[good, join(dir, 'y.json')], /HEAD: no such file or folder: .*y\.json/],
      [[good], /expected BASE and HEAD/],
      [[good, good, '--p95', 'abc'], /--p95 must be a number/],
      [[good, good, '--bogus'], /bogus/],
    ];
    for (const [args, re] of cases) {
      const o = io();
      expect(await runCompareCommand(args, o), args.join(' ')).toBe(2);
      expect(o.err.join('\n')).toMatch(re);
    }
    const notRun = join(dir, 'other.json');
    writeFileSync(notRun, '{"hello": 1}');
    const o = io();
    expect(await runCompareCommand([good, notRun], o)).toBe(2);
    expect(o.err[0]).toContain('other.json is not a run summary');
    mkdirSync(join(dir, 'empty'));
    const e = io();
    expect(await runCompareCommand([join(dir, 'empty'), good], e)).toBe(2);
    expect(e.err[0]).toMatch(/no results in .*empty/);
    const broken = runFolder('broken', [[synthSummary(), 'guest-chat']]);
    writeFileSync(join(broken, 'runs', 'zz.json'), 'nope');
    const f = io();
    expect(await runCompareCommand([broken, broken], f)).toBe(2);
    expect(f.err[0]).toContain('zz.json');
  });

  it('a side with no ok request has no latency: n/a, not judged (never an improvement); an all-failed HEAD regresses on its error rate', async () => {
    const failedAll = (s: RunSummary): RunSummary => {
      const n = s.requests.scheduled;
      s.requests = { scheduled: n, sent: n, completed: n, ok: 0, failed: n, dropped: 0 };
      s.latencyMs = { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
      s.errorRate = 1;
      s.errors = { http_5xx: n };
      s.throughput = { ...s.throughput, achievedRps: 0 };
      return s;
    };
    const base = runFolder('base', [[withLatency(synthSummary(), 20, 41.8, 60), 'guest-chat']]);
    const head = runFolder('head', [[failedAll(synthSummary()), 'guest-chat']]);
    const o = io();
    expect(await runCompareCommand([base, head], o)).toBe(1);
    const text = o.out.join('\n');
    expect(text).not.toMatch(/→ 0 ms/);
    expect(text).not.toMatch(/p\d\d .*-100\.0%/);
    expect(text).toMatch(/rate\s+98\/s → 0\/s\s+-100\.0% \[.*\]\s+▲ slower/);
    expect(text).toMatch(/p95\s+41\.8 ms → n\/a\s+n\/a\s+not judged: no ok request in HEAD: no latency/);
    expect(text).toMatch(/errors\s+0% → 100%\s+\+100\.00 pp \[.*\]\s+▲ slower/);
    expect(text).toContain('SLOWER   guest-chat: guest-chat holds the rate');
    const j = io();
    expect(await runCompareCommand([base, head, '--json'], j)).toBe(1);
    const p95 = JSON.parse(j.out[0]!).diffs[0].metrics.find((m: { metric: string }) => m.metric === 'p95');
    expect(p95).toMatchObject({ base: 41.8, head: null, change: null, regressed: false });
    const b = diffMetricsInput(synthSummary());
    const legacy = diffMetrics(b, { ...b, p50: 0, p95: 0, p99: 0, errorRate: 1, achievedRps: 0 }, DEFAULT_THRESHOLDS);
    expect(legacy.find((x) => x.metric === 'p95')).toMatchObject({ regressed: false, notJudged: 'no ok request in HEAD: no latency' });
    expect(legacy.find((x) => x.metric === 'errorRate')!.regressed).toBe(true);
    const cut = diffMetrics(b, { ...b, samples: 0, completed: 0, errorRate: 0, achievedRps: 0 }, DEFAULT_THRESHOLDS);
    expect(cut.find((x) => x.metric === 'errorRate')).toMatchObject({ regressed: false, notJudged: 'nothing completed in HEAD: no error rate' });
    expect(cut.find((x) => x.metric === 'errorRate')!.head).toBeNaN();
    expect(cut.find((x) => x.metric === 'rate')!.regressed).toBe(true);
    const back = io();
    expect(await runCompareCommand([head, base], back)).toBe(0);
    expect(back.out.join('\n')).toMatch(/p95\s+n\/a → 41\.8 ms\s+n\/a\s+not judged: no ok request in BASE: no latency/);
  });

  it('pairs by endpoint and scenario and lists the unpaired', () => {
    const base = { source: 'b', entries: [{ key: 'a::x', label: 'a: x', metrics: diffMetricsInput(synthSummary()) }, { key: 'b::y', label: 'b: y', metrics: diffMetricsInput(synthSummary()) }] };
    const head = { source: 'h', entries: [{ key: 'a::x', label: 'a: x', metrics: diffMetricsInput(synthSummary()) }, { key: 'c::z', label: 'c: z', metrics: diffMetricsInput(synthSummary()) }] };
    const r = compareRuns(base, head);
    expect(r.diffs.map((d) => d.key)).toEqual(['a::x']);
    expect(r.onlyBase).toEqual(['b: y']);
    expect(r.onlyHead).toEqual(['c: z']);
  });
});

function diffMetricsInput(s: RunSummary) {
  return { targetRps: s.throughput.targetRps, achievedRps: s.throughput.achievedRps, p50: s.latencyMs.p50, p95: s.latencyMs.p95, p99: s.latencyMs.p99, errorRate: s.errorRate, errors: s.errors, requests: s.requests.scheduled, generatorValid: true };
}
