import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCompareCommand } from '../../src/cli/compare.ts';
import { writeSuiteReports } from '../../src/report/write-reports.ts';
import { dist, synthMeta, synthSummary } from './fixtures.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'perf-verdicts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l: string) => void out.push(l), stderr: (l: string) => void err.push(l) };
}

/** A results folder holding one test run `p95s.length` times (runs/<test>.json, <test>.2.json, ...), each with that p95. */
function repeated(name: string, p95s: number[]): string {
  const d = join(dir, name);
  mkdirSync(join(d, 'runs'), { recursive: true });
  const meta = synthMeta({ endpoint: 'session-info', scenario: 'session info holds the rate' });
  p95s.forEach((p95, i) => {
    const s = synthSummary({ name: 'session-info' });
    s.latencyMs = dist(p95 / 2, p95, p95 * 1.5);
    writeFileSync(join(d, 'runs', `session-info--session-info-holds-the-rate${i ? `.${i + 1}` : ''}.json`), JSON.stringify({ meta, summary: s }));
  });
  return d;
}

describe('perf compare over repeated runs', () => {
  it('judges the runs of a side together: a consistent 10% slowdown is "slower", tight identical runs "same"', async () => {
    const base = repeated('base', [80, 81, 79]);
    const slower = repeated('slower', [88, 89, 87]);
    const o = io();
    expect(await runCompareCommand([base, slower, '--json'], o)).toBe(1);
    const p95 = JSON.parse(o.out[0]!).diffs[0].metrics.find((m: { metric: string }) => m.metric === 'p95');
    expect(p95).toMatchObject({ verdict: 'slower', runs: { base: 3, head: 3 }, spread: 'measured' });
    expect(p95.change).toBeCloseTo(0.1, 2);
    expect(p95.ci[0]).toBeGreaterThan(0.02);

    const tight = repeated('tight', [80, 80.2, 79.8]);
    const again = repeated('again', [80.1, 79.9, 80]);
    const t = io();
    expect(await runCompareCommand([tight, again], t)).toBe(0);
    expect(t.out.join('\n')).toMatch(/p95\s+80 ms → 80 ms\s+\+0\.0% \[-\d\.\d%, \+\d\.\d%\]\s+same/);
    expect(t.out[0]).toContain('(3 runs a test)');
  });

  it('runs that spread widely are "not enough evidence: run more", never "slower" on a 10% difference', async () => {
    const o = io();
    expect(await runCompareCommand([repeated('a', [70, 90, 80]), repeated('b', [95, 78, 91])], o)).toBe(0);
    expect(o.out.join('\n')).toMatch(/p95 .*not enough evidence: run more/);
    expect(o.out.join('\n')).toMatch(/metric\(s\): not enough evidence: run more/);
  });

  it('a repeated side against a single run: the repeated side measures the spread', async () => {
    const o = io();
    expect(await runCompareCommand([repeated('one', [80]), repeated('three', [160, 161, 159]), '--json'], o)).toBe(1);
    const p95 = JSON.parse(o.out[0]!).diffs[0].metrics.find((m: { metric: string }) => m.metric === 'p95');
    expect(p95).toMatchObject({ verdict: 'slower', runs: { base: 1, head: 3 }, spread: 'measured' });
  });
});

describe('perf compare outputs: markdown, report.md, GitHub annotations', () => {
  it('--markdown appends the table (the job summary), --github prints ::error:: and ::warning:: lines', async () => {
    const md = join(dir, 'summary.md');
    writeFileSync(md, '# earlier step\n');
    const o = io();
    expect(await runCompareCommand([repeated('a', [80]), repeated('b', [240]), '--markdown', md, '--github'], o)).toBe(1);
    const text = readFileSync(md, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text).toContain('| Test | Metric | BASE | HEAD | Change [95% CI] | Verdict |');
    expect(text).toMatch(/\| session-info: session info holds the rate \| p95 \| 80 ms \| 240 ms \| \+200\.0% \[.*\] \| ▲ slower \|/);
    expect(o.out.some((l) => l.startsWith('::error title=perf compare: slower::session-info: session info holds the rate: p95 +200.0%'))).toBe(true);
    expect(o.out.some((l) => l.startsWith('::warning title=perf compare: not enough evidence::'))).toBe(true);
    expect(o.out.filter((l) => l.startsWith('::')).every((l) => !l.slice(2).includes('%') || /%25/.test(l))).toBe(true);
  });

  it('--report adds the comparison to report.md, replacing an earlier one', async () => {
    const base = repeated('base', [80]);
    const head = repeated('head', [240]);
    writeSuiteReports({ dir: head, env: {} });
    expect(await runCompareCommand([base, head, '--report'], io())).toBe(1);
    expect(await runCompareCommand([base, head, '--report'], io())).toBe(1);
    const report = readFileSync(join(head, 'report.md'), 'utf8');
    expect(report.match(/## Comparison with the baseline/g)).toHaveLength(1);
    expect(report).toMatch(/p95 \| 80 ms \| 240 ms \| \+200\.0% \[.*\] \| ▲ slower/);
  });
});

describe('perf compare and an overloaded generator', () => {
  it('never calls latency "slower" when a run\'s generator was overloaded: not enough evidence, with a note', async () => {
    const base = repeated('base', [80]);
    const head = join(dir, 'head');
    mkdirSync(join(head, 'runs'), { recursive: true });
    const s = synthSummary({ name: 'session-info', generatorValid: false });
    s.latencyMs = dist(120, 240, 360);
    writeFileSync(join(head, 'runs', 'x.json'), JSON.stringify({ meta: synthMeta({ endpoint: 'session-info', scenario: 'session info holds the rate' }), summary: s }));
    const o = io();
    expect(await runCompareCommand([base, head], o)).toBe(0);
    const text = o.out.join('\n');
    expect(text).toMatch(/p95\s+80 ms → 240 ms .*not enough evidence: run more/);
    expect(text).toContain('generator overloaded in a run: latency not comparable');
  });
});
