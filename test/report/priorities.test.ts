import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { buildSuiteReport, type TestInfo } from '../../src/report/suite-report.ts';
import type { StoredRun } from '../../src/result/store.ts';
import { synthMeta, synthSummary } from './fixtures.ts';

const run = (endpoint: string, priority?: string): StoredRun => ({
  meta: synthMeta({ endpoint, route: `GET /${endpoint}`, scenario: `${endpoint} holds`, sse: false, ...(priority ? { priority } : {}) }),
  summary: synthSummary(),
  file: `/r/runs/${endpoint}.json`,
});

const test = (endpoint: string, state: TestInfo['state'], extra: Partial<TestInfo> = {}): TestInfo => ({
  id: endpoint,
  file: `perf/${endpoint}.perf.ts`,
  name: `${endpoint} holds`,
  fullName: `GET /${endpoint} > ${endpoint} holds`,
  state,
  errors: [],
  ...extra,
});

const SKIP = 'it sends an e-mail (effect "email") on a real deployment: skipped against a target other than the embedded simulator; PERF_ALLOW_EFFECTS=email allows it';

describe('report.md by priority, skipped scenarios with their reason', () => {
  const runs = [run('account', 'P1'), run('chat', 'P0')];
  const tests = [
    test('account', 'passed', { priority: 'P1' }),
    test('send-register-code', 'skipped', { priority: 'P2', skipNote: SKIP }),
    test('chat', 'passed', { priority: 'P0' }),
  ];
  const report = buildSuiteReport({ runId: 'r1', runDir: '/r', lang: 'en', runs, tests });

  it('groups the results table by priority, P0 first, as the stress-test report does', () => {
    const md = renderMarkdown(report);
    const p0 = md.indexOf('### P0');
    const p1 = md.indexOf('### P1');
    const p2 = md.indexOf('### P2');
    expect(p0).toBeGreaterThan(0);
    expect(p1).toBeGreaterThan(p0);
    expect(p2).toBeGreaterThan(p1);
    expect(md.slice(p0, p1)).toContain('| chat (GET /chat) |');
    expect(md.slice(p1, p2)).toContain('| account (GET /account) |');
    expect(report.tests.map((r) => r.priority)).toEqual(['P1', 'P2', 'P0']);
  });

  it('a skipped scenario reads SKIPPED with its reason in report.md, summary.json, report.html and JUnit, never PASS', () => {
    const row = report.tests.find((r) => r.endpoint === 'send-register-code')!;
    expect(row).toMatchObject({ verdict: 'skipped', observations: [SKIP] });
    expect(report.counts).toMatchObject({ passed: 2, skipped: 1 });
    const md = renderMarkdown(report);
    const line = md.split('\n').find((l) => l.startsWith('| send-register-code'))!;
    expect(line).toContain('⏭️ SKIPPED');
    expect(line).toContain('PERF_ALLOW_EFFECTS=email allows it');
    expect(renderHtml(report, runs)).toContain('PERF_ALLOW_EFFECTS=email allows it');
    expect(renderJunit(report)).toContain(`<skipped message="${SKIP.replace(/"/g, '&quot;')}"/>`);
  });

  it('keeps one table without headings when no row carries a priority', () => {
    const plain = buildSuiteReport({ runId: 'r1', runDir: '/r', lang: 'en', runs: [run('account'), run('chat')] });
    expect(renderMarkdown(plain)).not.toMatch(/^### /m);
  });

  it('puts rows without a priority last, under their own heading, when others have one', () => {
    const mixed = buildSuiteReport({ runId: 'r1', runDir: '/r', lang: 'en', runs: [run('other'), run('chat', 'P0')] });
    const md = renderMarkdown(mixed);
    expect(md.indexOf('### P0')).toBeLessThan(md.indexOf('### No priority'));
    expect(md.slice(md.indexOf('### No priority'))).toContain('| other (GET /other) |');
  });
});
