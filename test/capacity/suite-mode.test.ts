import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapacityCommand } from '../../src/cli/capacity.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { loadComparable } from '../../src/report/compare.ts';
import { loadMergeInputs } from '../../src/merge/inputs.ts';
import { saveRunSummary } from '../../src/result/store.ts';
import { synthMeta, synthSummary } from '../report/fixtures.ts';
import type { SuitePlugin } from '../../src/suite/types.ts';

let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function suite(): SuitePlugin {
  return {
    baseUrl: () => baseUrl,
    endpoints: () => [{ id: 'ping', route: 'GET /ping', targetRps: 20, slo: { latencyMs: { p95: 500 }, errorRate: 0.01 }, sse: false }],
    prepare: async () => ({ scenario: { url: `${baseUrl}/ping` }, close: async () => undefined }),
  };
}

describe('perf capacity for suite endpoints', () => {
  it('writes capacity.json, capacity.md and a report whose HTML carries the capacity curve', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-suite-'));
    const io = memoryIo({ env: {} });
    const code = await runCapacityCommand(
      ['ping', '--start', '10', '--step', '10', '--max', '20', '--step-duration', '2', '--ramp', '0', '--settle', '0', '--quiet', '--max-dispatch-lag', '200', '--max-late-ratio', '0.5'],
      io,
      suite(),
      { resultsDir: dir },
    );
    expect(code, io.err.join('\n')).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'capacity.json'), 'utf8')) as Array<{ steps: Array<{ targetRps: number }>; maxStableRps: number | null }>;
    expect(results).toHaveLength(1);
    expect(results[0]!.steps.map((s) => s.targetRps)).toEqual(expect.arrayContaining([10, 20]));
    expect(results[0]!.maxStableRps).toBe(20);
    const capacityMd = readFileSync(join(dir, 'capacity.md'), 'utf8');
    expect(capacityMd).toMatch(/ping/);
    const tableLines = capacityMd.split('\n').filter((l) => l.startsWith('|'));
    expect(tableLines.length).toBeGreaterThan(4);
    const reportMd = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const line of tableLines) expect(reportMd).toContain(line);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/Capacity/);
    expect(html).toMatch(/ping/);
    expect(io.out.join('\n')).toMatch(/ping/);
  });
});

describe('the run folder of a capacity search', () => {
  it('holds no suite verdict: no summary.json, no PASS in report.md or report.html, and compare and merge refuse it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-verdict-'));
    const io = memoryIo({ env: {} });
    const code = await runCapacityCommand(
      ['ping', '--start', '10', '--step', '10', '--max', '10', '--step-duration', '1', '--ramp', '0', '--settle', '0', '--quiet', '--max-dispatch-lag', '200', '--max-late-ratio', '0.5'],
      io,
      suite(),
      { resultsDir: dir },
    );
    expect(code, io.err.join('\n')).toBe(0);
    expect(existsSync(join(dir, 'summary.json'))).toBe(false);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/ping/);
    expect(md).not.toMatch(/PASS|Overall|0 passed/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/Capacity/);
    expect(html).not.toMatch(/PASS|banner|0 passed/);
    expect(() => loadComparable(dir, 'BASE')).toThrow(/no results in/);
    expect(() => loadMergeInputs([dir])).toThrow(/no results in/);
  });

  it('adds its section to the reports of a suite run in the same folder, whose verdict stays its tests\'', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-suite-run-'));
    saveRunSummary(synthSummary({ sloPassed: false }), synthMeta(), dir);
    const io = memoryIo({ env: {} });
    const code = await runCapacityCommand(
      ['ping', '--start', '10', '--step', '10', '--max', '10', '--step-duration', '1', '--ramp', '0', '--settle', '0', '--quiet', '--max-dispatch-lag', '200', '--max-late-ratio', '0.5'],
      io,
      suite(),
      { resultsDir: dir },
    );
    expect(code, io.err.join('\n')).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { passed: boolean; counts: { tests: number }; capacity: unknown[] };
    expect(summary).toMatchObject({ passed: false, counts: { tests: 1 } });
    expect(summary.capacity).toHaveLength(1);
  });
});

describe('perf capacity for a suite endpoint that fails every request', () => {
  it('reports 0 for it (a result, not a gap) and still searches the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-suite-0-'));
    const broken = createServer((_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    });
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    const brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    try {
      const plugin: SuitePlugin = {
        ...suite(),
        endpoints: () => [
          { id: 'ping', route: 'GET /ping', targetRps: 20, slo: { latencyMs: { p95: 500 }, errorRate: 0.01 }, sse: false },
          { id: 'broken', route: 'GET /broken', targetRps: 20, slo: { latencyMs: { p95: 500 }, errorRate: 0.01 }, sse: false },
        ],
        prepare: async (id) => ({ scenario: { url: id === 'broken' ? `${brokenUrl}/broken` : `${baseUrl}/ping` }, close: async () => undefined }),
      };
      const io = memoryIo({ env: {} });
      const code = await runCapacityCommand(
        ['--start', '10', '--step', '10', '--max', '10', '--step-duration', '2', '--ramp', '0', '--settle', '0', '--quiet', '--max-dispatch-lag', '200', '--max-late-ratio', '0.5'],
        io,
        plugin,
        { resultsDir: dir },
      );
      expect(code, io.err.join('\n')).toBe(0);
      const out = io.out.join('\n');
      expect(out).toMatch(/^broken\s+0\s+—\s+every unloaded request failed: .*http_5xx/m);
      expect(out).not.toMatch(/not measured/);
      const results = JSON.parse(readFileSync(join(dir, 'capacity.json'), 'utf8')) as Array<{ endpoint: string; maxStableRps: number | null; steps: unknown[] }>;
      expect(results.map((r) => r.endpoint)).toEqual(['ping', 'broken']);
      expect(results[1]).toMatchObject({ maxStableRps: null, steps: [] });
    } finally {
      await new Promise<void>((r) => broken.close(() => r()));
    }
  });
});
