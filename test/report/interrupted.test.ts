import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.ts';
import { saveRunSummary } from '../../src/result/store.ts';
import type { TestInfo } from '../../src/report/suite-report.ts';
import { renderTerminalTable } from '../../src/report/terminal.ts';
import { writeSuiteReports } from '../../src/report/write-reports.ts';
import { synthMeta, synthSummary } from './fixtures.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'perf-interrupted-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const info = (name: string, file: string, state: TestInfo['state']): TestInfo => ({ id: name, file, name, fullName: name, state, errors: [] });

describe('reports of an interrupted suite run', () => {
  it('keep the finished run, mark the partial run interrupted (not failed) and the run as interrupted', () => {
    saveRunSummary(synthSummary({ name: 'session-list', durationS: 30, targetRps: 50 }), synthMeta({ endpoint: 'session-list', scenario: 'lists sessions', sse: false }), dir);
    const partial = synthSummary({ durationS: 4.2 });
    // What an interrupted run saves: stopped early, its SLO failing only because it was cut short.
    Object.assign(partial, {
      aborted: true,
      interrupted: true,
      abortReason: 'interrupted by SIGINT',
      slo: { passed: false, checks: [{ name: 'run', bound: 'not aborted', actual: Number.NaN, passed: false, reason: 'run aborted: interrupted by SIGINT' }] },
    });
    saveRunSummary(partial, synthMeta(), dir);
    const tests = [
      info('lists sessions', 'perf/session-list.perf.ts', 'passed'),
      info('guest chat holds the target rate', 'perf/guest-chat.perf.ts', 'skipped'),
      info('guest chat streams', 'perf/guest-chat.perf.ts', 'skipped'),
      // Collected, never started: vitest leaves it pending when the run is cancelled first.
      info('lists sessions again', 'perf/session-list.perf.ts', 'pending'),
    ];

    const { report, failures } = writeSuiteReports({ dir, tests, interrupted: true, problems: ['the run was interrupted; results are partial'], env: {} });

    expect(failures).toEqual([]);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.interrupted).toBe(true);
    expect(summary.passed).toBe(false);
    expect(summary.counts).toEqual({ tests: 4, passed: 1, failed: 0, errored: 0, skipped: 2, interrupted: 1 });
    const verdicts = Object.fromEntries(summary.tests.map((r: { scenario: string; verdict: string }) => [r.scenario, r.verdict]));
    expect(verdicts).toEqual({
      'lists sessions': 'pass',
      'guest chat holds the target rate': 'interrupted',
      'guest chat streams': 'skipped',
      'lists sessions again': 'skipped',
    });
    const partialRow = summary.tests.find((r: { verdict: string }) => r.verdict === 'interrupted');
    expect(partialRow.runFile).toBeTruthy();
    expect(partialRow.metrics.requests).toBeGreaterThan(0);

    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('**Overall: ⏹️ INTERRUPTED (1 passed, 0 failed, 0 errored, 2 skipped, 1 interrupted)**');
    expect(md).toMatch(/guest chat holds the target rate \|.*⏹️ INTERRUPTED/);
    expect(md).not.toContain('FAIL');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('class="banner interrupted"');
    expect(html).toContain('<td class="interrupted">INTERRUPTED</td>');
    expect(renderTerminalTable(report).join('\n')).toContain('Overall: INTERRUPTED (1 passed, 0 failed, 0 errored, 2 skipped, 1 interrupted)');
    const junit = renderJunit(report);
    expect(junit).toContain('<skipped message="interrupted: partial run"/>');
    expect(junit).not.toContain('<failure');
  });

  it('a run cut short by the target (abort-on-fail) stays a failure', () => {
    const cut = synthSummary({ durationS: 12 });
    Object.assign(cut, {
      aborted: true,
      abortReason: 'abort-on-fail: error rate 71.4%',
      slo: { passed: false, checks: [{ name: 'run', bound: 'not aborted', actual: Number.NaN, passed: false, reason: 'run aborted' }] },
    });
    saveRunSummary(cut, synthMeta(), dir);
    const { report } = writeSuiteReports({ dir, tests: [info('guest chat holds the target rate', 'perf/guest-chat.perf.ts', 'failed')], env: {} });
    expect(report.tests[0]!.verdict).toBe('fail');
    expect(report.interrupted).toBe(false);
    expect(report.counts.interrupted).toBe(0);
  });
});

describe('reports of a run interrupted before any result was saved', () => {
  it('write the three files into a new folder, with no "cannot read results folder" problem', () => {
    const fresh = join(dir, 'not-yet');
    const tests = [info('guest chat holds the target rate', 'perf/guest-chat.perf.ts', 'pending')];
    const { report, failures, files } = writeSuiteReports({ dir: fresh, tests, interrupted: true, problems: ['the run was interrupted; results are partial'], env: {} });
    expect(failures).toEqual([]);
    expect(files).toHaveLength(3);
    expect(report.problems).toEqual(['the run was interrupted; results are partial']);
    expect(report.tests[0]!.verdict).toBe('skipped');
    expect(report.interrupted).toBe(true);
  });
});
