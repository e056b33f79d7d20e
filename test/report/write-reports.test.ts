import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveRunSummary } from '../../src/result/store.ts';
import { writeSuiteReports } from '../../src/report/write-reports.ts';
import { synthMeta, synthSummary } from './fixtures.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'perf-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSuiteReports', () => {
  it('writes summary.json, report.md and report.html from the stored runs', () => {
    saveRunSummary(synthSummary(), synthMeta(), dir);
    const { files, failures, report } = writeSuiteReports({ dir, env: {} });
    expect(failures).toEqual([]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['summary.json', 'report.md', 'report.html']);
    expect(report.passed).toBe(true);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.tests[0].metrics.p95).toBe(80);
    expect(summary.runId).toBe(dir.split('/').pop());
  });

  it('a broken run file is a listed problem, the other results survive', () => {
    saveRunSummary(synthSummary(), synthMeta(), dir);
    writeFileSync(join(dir, 'runs', 'half.json'), '{"meta":');
    const { report } = writeSuiteReports({ dir, env: {} });
    expect(report.tests).toHaveLength(1);
    expect(report.problems[0]).toContain('half.json');
    expect(report.passed).toBe(false);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('## Problems');
  });

  it('an unwritable JUnit path fails alone; reports are still written', () => {
    saveRunSummary(synthSummary(), synthMeta(), dir);
    writeFileSync(join(dir, 'blocker'), '');
    const { files, failures } = writeSuiteReports({ dir, env: { PERF_JUNIT: join(dir, 'blocker', 'junit.xml') } });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^junit: .*blocker/);
    expect(files).toHaveLength(3);
  });

  it('reads capacity.json written by the capacity search into the capacity section', () => {
    writeFileSync(
      join(dir, 'capacity.json'),
      JSON.stringify([
        {
          endpoint: 'user-id', route: 'GET /api/query/user-id', maxStableRps: 400, degradationRps: 600, verdict: 'max stable 400/s, limited by p95',
          observations: ['524 from 600/s'], k: 3, stoppedBy: 'target-limit',
          steps: [
            { targetRps: 200, achievedRps: 200, sentRps: 200, p50: 3, p95: 8, p99: 12, errorRate: 0, passed: true, phase: 'search', generatorValid: true, failures: [], errors: {} },
            { targetRps: 400, achievedRps: 398, sentRps: 400, p50: 4, p95: 15, p99: 30, errorRate: 0, passed: true, phase: 'search', generatorValid: true, failures: [], errors: {} },
            { targetRps: 600, achievedRps: 450, sentRps: 600, p50: 90, p95: 900, p99: 2000, errorRate: 0.08, passed: false, phase: 'search', generatorValid: true, failures: ['p95'], errors: { http_524: 90 } },
          ],
        },
      ]),
    );
    const { report } = writeSuiteReports({ dir, env: {} });
    expect(report.capacity?.[0]).toMatchObject({ endpoint: 'user-id', maxStableRps: 400, degradationRps: 600, route: 'GET /api/query/user-id' });
    expect(report.capacity?.[0]?.steps).toHaveLength(3);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('id="cap0-capacity"');
    expect(html).toContain('524 from 600/s');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('| user-id (GET /api/query/user-id) | 400 | 600 | 524 from 600/s |');
  });

  it('appends report.md to GITHUB_STEP_SUMMARY and writes JUnit when asked', () => {
    saveRunSummary(synthSummary({ sloPassed: false }), synthMeta(), dir);
    const step = join(dir, 'step.md');
    const junit = join(dir, 'out', 'junit.xml');
    writeSuiteReports({ dir, env: { GITHUB_STEP_SUMMARY: step, PERF_JUNIT: junit } });
    expect(readFileSync(step, 'utf8')).toContain('## Results');
    expect(existsSync(junit)).toBe(true);
    expect(readFileSync(junit, 'utf8')).toContain('<failure message="SLO failed: errorRate');
  });

  it('an empty run folder still gets a report saying so', () => {
    const { report } = writeSuiteReports({ dir, env: { PERF_REPORT_LANG: 'zh' } });
    expect(report.tests).toEqual([]);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('本次运行没有记录任何性能结果。');
  });
});
