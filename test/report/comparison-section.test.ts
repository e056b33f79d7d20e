import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCompareCommand } from '../../src/cli/compare.ts';
import { writeSuiteReports } from '../../src/report/write-reports.ts';
import { saveRunSummary } from '../../src/result/store.ts';
import { synthMeta, synthSummary } from './fixtures.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'perf-cmp-section-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l: string) => void out.push(l), stderr: (l: string) => void err.push(l) };
}

/** BASE and HEAD results folders of the same test; HEAD's p95 is 3× BASE's. HEAD also lists a crashed test (no run). */
function twoRuns(): { base: string; head: string } {
  const base = join(root, 'base');
  const head = join(root, 'head');
  saveRunSummary(synthSummary(), synthMeta(), base);
  writeSuiteReports({ dir: base, env: {} });
  const slow = synthSummary();
  slow.latencyMs = { ...slow.latencyMs, p95: 240 };
  saveRunSummary(slow, synthMeta(), head);
  const crashed = { id: '2', file: 'perf/user-id.perf.ts', name: 'user id holds 50 QPS', fullName: 'GET /api/user-id > user id holds 50 QPS', state: 'failed' as const, errors: ['TypeError: boom'] };
  const matched = { id: '1', file: 'perf/guest-chat.perf.ts', name: synthMeta().scenario, fullName: `x > ${synthMeta().scenario}`, state: 'passed' as const, errors: [] };
  writeSuiteReports({ dir: head, env: {}, tests: [matched, crashed] });
  return { base, head };
}

describe('report.html: the comparison with a baseline', () => {
  it('perf compare BASE HEAD --report saves compare.json in HEAD and rewrites its report.html with a Comparison section before the results, the crashed test kept', async () => {
    const { base, head } = twoRuns();
    expect(readFileSync(join(head, 'report.html'), 'utf8')).not.toContain('id="comparison"');
    const summaryBefore = readFileSync(join(head, 'summary.json'), 'utf8');
    const o = io();
    expect(await runCompareCommand([base, head, '--report'], o)).toBe(1);
    expect(o.err).toEqual([]);
    expect(o.out.join('\n')).toContain(`comparison saved to ${join(head, 'compare.json')}; ${join(head, 'report.html')} now shows it`);
    const saved = JSON.parse(readFileSync(join(head, 'compare.json'), 'utf8'));
    expect(saved.regressed).toBe(true);
    const html = readFileSync(join(head, 'report.html'), 'utf8');
    expect(html).toContain('id="comparison"');
    expect(html.indexOf('id="comparison"')).toBeLessThan(html.indexOf('id="results"'));
    expect(html).toContain('REGRESSED');
    expect(html).toMatch(/80 ms → 240 ms \(\+200\.0% \[\+\d+\.\d%, \+\d+\.\d%\]\) ▲ slower/);
    expect(html).toContain('1 of 1 compared tests regressed');
    expect(html).toContain('user id holds 50 QPS');
    expect(html).toContain('TypeError: boom');
    expect(readFileSync(join(head, 'summary.json'), 'utf8')).toBe(summaryBefore);
  });

  it('the reporter shows a compare.json already beside the run; a broken one is a listed failure and the page is still written without it', () => {
    const dir = join(root, 'run');
    saveRunSummary(synthSummary(), synthMeta(), dir);
    const comparison = {
      base: 'results/main',
      head: dir,
      diffs: [{ label: 'guest-chat: x', metrics: [{ metric: 'p95', base: 80, head: 81, change: 0.0125, regressed: false, limit: 0.5 }, { metric: 'p50', base: null, head: 40, change: null, regressed: false, limit: 0.2, notJudged: 'no ok request in BASE: no latency' }], regressed: false, notes: [] }],
      onlyBase: [],
      onlyHead: ['session-list: y'],
      regressed: false,
      environmentNotes: [],
    };
    writeFileSync(join(dir, 'compare.json'), JSON.stringify(comparison));
    const ok = writeSuiteReports({ dir, env: {} });
    expect(ok.failures).toEqual([]);
    expect(ok.report.passed).toBe(true);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('no regression in 1 compared tests');
    expect(html).toContain('n/a → 40 ms (n/a) (not judged)');
    expect(html).toContain('only in HEAD: session-list: y');

    writeFileSync(join(dir, 'compare.json'), '{"base": 1');
    const broken = writeSuiteReports({ dir, env: {} });
    expect(broken.failures.join('\n')).toContain('compare.json');
    expect(broken.report.passed).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).not.toContain('id="comparison"');
  });

  it('--report with a HEAD that is no results folder: one line, exit 2, nothing written', async () => {
    const { base, head } = twoRuns();
    const file = join(head, 'runs', 'guest-chat--guest-chat-holds-the-target-rate.json');
    expect(existsSync(file)).toBe(true);
    const before = statSync(join(head, 'report.html')).mtimeMs;
    const o = io();
    expect(await runCompareCommand([base, file, '--report'], o)).toBe(2);
    expect(o.err[0]).toBe(`perf compare: --report: HEAD must be a results folder with a summary.json (got ${file})`);
    expect(existsSync(join(head, 'runs', 'compare.json'))).toBe(false);
    expect(existsSync(join(head, 'compare.json'))).toBe(false);
    expect(statSync(join(head, 'report.html')).mtimeMs).toBe(before);
  });
});

describe('report.html comparison: a compare.json with metrics this page does not know', () => {
  it('shows them as columns of their own rather than refusing the file', () => {
    const dir = join(root, 'run2');
    saveRunSummary(synthSummary(), synthMeta(), dir);
    const comparison = {
      base: 'b', head: 'h', regressed: true,
      diffs: [{ label: 'chat: x', regressed: true, notes: [], metrics: [{ metric: 'p95', base: 80, head: 90, change: 0.125, regressed: false, limit: 0.5 }, { metric: 'ttft.p95', base: 300, head: 600, change: 1, regressed: true, limit: 0.5 }] }],
    };
    writeFileSync(join(dir, 'compare.json'), JSON.stringify(comparison));
    const { failures } = writeSuiteReports({ dir, env: {} });
    expect(failures).toEqual([]);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const section = html.slice(html.indexOf('id="comparison"'), html.indexOf('</section>', html.indexOf('id="comparison"')));
    expect(section).toContain('<th>ttft.p95</th>');
    expect(section).toContain('300 ms → 600 ms (+100.0%) ▲ regression');
    expect(section).not.toContain('<th>p50</th>');
  });
});
