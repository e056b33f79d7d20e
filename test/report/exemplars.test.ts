import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertEngineEnv } from '../../src/cli/engine-env.ts';
import { saveRunSummary } from '../../src/result/store.ts';
import type { Exemplars } from '../../src/result/exemplar-types.ts';
import { writeSuiteReports } from '../../src/report/write-reports.ts';
import { synthMeta, synthSummary } from './fixtures.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'perf-exemplars-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SLOW = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01';
const FAILED = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb02';
const P95 = 'cccccccccccccccccccccccccccccc03';
const exemplars: Exemplars = {
  slowest: [{ traceId: SLOW, name: 'guest-chat', latencyMs: 6200, atS: 12.5, status: 200 }],
  failed: { http_524: [{ traceId: FAILED, name: 'guest-chat', latencyMs: 100_000, atS: 30, status: 524, errorKind: 'http_524' }] },
  percentiles: [{ percentile: 'p95', valueMs: 80, traceId: P95, name: 'guest-chat', latencyMs: 79.5, atS: 3, status: 200 }],
};

describe('exemplars in the reports', () => {
  it('summary.json, report.md (under the endpoint\'s table) and report.html (beside the latency chart) name them, linked with PERF_TRACE_URL', () => {
    saveRunSummary({ ...synthSummary(), exemplars }, synthMeta(), dir);
    const { failures, report } = writeSuiteReports({ dir, env: { PERF_TRACE_URL: 'https://grafana.example/explore?traceId={traceId}' } });
    expect(failures).toEqual([]);
    expect(report.tests[0]!.exemplars).toEqual(exemplars);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.tests[0].exemplars.slowest[0].traceId).toBe(SLOW);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const table = md.indexOf('| p50 |');
    const block = md.indexOf('<details><summary>');
    expect(table).toBeGreaterThan(0);
    expect(block).toBeGreaterThan(table);
    expect(md).toContain(`[\`${SLOW}\`](https://grafana.example/explore?traceId=${SLOW})`);
    expect(md).toContain(`[\`${FAILED}\`](https://grafana.example/explore?traceId=${FAILED})`);
    expect(md).toMatch(new RegExp(`p95 \\(80 ms\\) \\| \\[\`${P95}\``));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain(`<a href="https://grafana.example/explore?traceId=${SLOW}" rel="noreferrer"><code>${SLOW}</code></a>`);
    const at = html.indexOf('class="chart exemplars"');
    expect(html.indexOf('id="t0-latency"')).toBeGreaterThan(0);
    expect(at).toBeGreaterThan(html.indexOf('id="t0-latency"'));
    expect(at).toBeLessThan(html.indexOf('id="t0-errors"'));
  });

  it('shows plain ids without PERF_TRACE_URL, and nothing for a run without exemplars', () => {
    saveRunSummary({ ...synthSummary(), exemplars }, synthMeta(), dir);
    writeSuiteReports({ dir, env: {} });
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain(`| \`${SLOW}\` |`);
    expect(md).not.toContain('](https://');
    rmSync(join(dir, 'runs'), { recursive: true });
    saveRunSummary(synthSummary(), synthMeta(), dir);
    writeSuiteReports({ dir, env: {} });
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).not.toContain('<details>');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).not.toContain('chart exemplars');
  });

  it('a bad PERF_TRACE_URL is one line naming it, never showing credentials', () => {
    expect(() => assertEngineEnv({ PERF_TRACE_URL: 'https://grafana.example/explore' })).toThrow(/^PERF_TRACE_URL: expected \{traceId\}/);
    expect(() => assertEngineEnv({ PERF_TRACE_URL: 'ftp://x/{traceId}' })).toThrow(/^PERF_TRACE_URL: expected an http or https URL/);
    let msg = '';
    try {
      assertEngineEnv({ PERF_TRACE_URL: 'https://admin:s3cret@grafana.example/{traceId}' });
    } catch (err) {
      msg = (err as Error).message;
    }
    expect(msg).toMatch(/^PERF_TRACE_URL: holds credentials/);
    expect(msg).not.toContain('s3cret');
    expect(() => assertEngineEnv({ PERF_TRACE_URL: 'https://grafana.example/explore?traceId={traceId}' })).not.toThrow();
  });
});
