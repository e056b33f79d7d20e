import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCompareCommand } from '../../src/cli/compare.ts';
import { saveRunSummary } from '../../src/result/store.ts';
import { MAX_JSON_BYTES } from '../../src/result/read.ts';
import { parseRunSummary } from '../../src/result/schema.ts';
import { synthMeta, synthSummary } from '../report/fixtures.ts';
import { makeSummary } from '../slo/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'perf-compare-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l: string) => void out.push(l), stderr: (l: string) => void err.push(l) };
}

function file(name: string, value: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
}

const good = file('good.json', synthSummary({ name: 'GET /x' }));

async function compareFails(base: string, head: string): Promise<string> {
  const o = io();
  expect(await runCompareCommand([base, head], o)).toBe(2);
  expect(o.err.join('\n')).not.toContain('unexpected error');
  return o.err[0] ?? '';
}

describe('perf compare: inputs validated by the run-summary schema', () => {
  it('a summary whose latencyMs is null: exit 2 naming the file and the field', async () => {
    const bad = file('null-latency.json', { ...synthSummary({ name: 'GET /x' }), latencyMs: null });
    expect(await compareFails(good, bad)).toBe(`perf compare: HEAD: ${bad} is not a valid run summary: latencyMs: Invalid input: expected object, received null`);
  });

  it('a wrong type deep inside (a percentile as text, a missing generator) names the path', async () => {
    const s = synthSummary({ name: 'GET /x' }) as unknown as Record<string, Record<string, unknown>>;
    const p95 = file('p95-text.json', { ...s, latencyMs: { ...s.latencyMs, p95: 'fast' } });
    expect(await compareFails(p95, good)).toMatch(/^perf compare: BASE: .*p95-text\.json is not a valid run summary: latencyMs\.p95: /);
    const { generator: _g, ...noGenerator } = s;
    expect(await compareFails(good, file('no-gen.json', noGenerator))).toMatch(/no-gen\.json is not a valid run summary: generator: /);
  });

  it('a stored run (results folder) and a summary.json with a broken field name the file', async () => {
    const folder = join(dir, 'results-a');
    const saved = saveRunSummary(synthSummary(), synthMeta({ endpoint: 'guest-chat', scenario: 's' }), folder);
    const stored = JSON.parse(JSON.stringify({ meta: synthMeta({ endpoint: 'guest-chat', scenario: 's' }), summary: { ...synthSummary(), throughput: null } }));
    writeFileSync(saved, JSON.stringify(stored));
    expect(await compareFails(folder, good)).toMatch(new RegExp(`^perf compare: BASE: ${saved.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not a stored run: summary\\.throughput: `));
    const report = file('summary.json', { version: 1, tests: [{ endpoint: 'e', scenario: 's', metrics: { targetRps: 1, achievedRps: 1, p50: null, p95: 1, p99: 1, errorRate: 0, requests: 1, generatorValid: true } }] });
    expect(await compareFails(report, report)).toMatch(/summary\.json is not a valid summary\.json: tests\.0\.metrics\.p50: /);
  });

  it('/dev/zero is refused at once (not a regular file), never read', async () => {
    expect(await compareFails(good, '/dev/zero')).toBe('perf compare: HEAD: /dev/zero is not a regular file');
  });

  it('a file larger than the cap is refused without being read', async () => {
    const huge = join(dir, 'huge.json');
    const fd = openSync(huge, 'w');
    closeSync(fd);
    // Sparse: takes no disk space, and is never read.
    const { truncateSync } = await import('node:fs');
    truncateSync(huge, MAX_JSON_BYTES + 1);
    expect(await compareFails(huge, good)).toBe(`perf compare: BASE: ${huge} is ${MAX_JSON_BYTES + 1} bytes, larger than the ${MAX_JSON_BYTES} bytes a run summary may have`);
  });

  it('the schema accepts the summaries the engine writes, extra fields from newer versions included', () => {
    expect(parseRunSummary(synthSummary()).ok).toBe(true);
    expect(parseRunSummary(makeSummary()).ok).toBe(true);
    expect(parseRunSummary({ ...makeSummary(), someNewField: { x: 1 } }).ok).toBe(true);
    const roundTripped = JSON.parse(JSON.stringify({ ...makeSummary(), slo: { passed: false, checks: [{ name: 'latency.p99', bound: '< 1 ms', actual: NaN, passed: false }] } }));
    expect(parseRunSummary(roundTripped).ok).toBe(true);
  });
});
