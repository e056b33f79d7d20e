import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPerfError } from '../../src/core/errors.ts';
import { loadRunDir, runDir, runId, saveRunSummary, slugify, writeFileAtomic } from '../../src/result/store.ts';
import { synthMeta, synthSummary } from '../report/fixtures.ts';

let dir: string;
const savedEnv = { ...process.env };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'perf-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.env = { ...savedEnv };
});

describe('results store', () => {
  it('runDir is PERF_RESULTS_DIR/PERF_RUN_ID', () => {
    process.env.PERF_RESULTS_DIR = dir;
    process.env.PERF_RUN_ID = 'run-42';
    expect(runDir()).toBe(join(dir, 'run-42'));
  });

  it('refuses a PERF_RUN_ID that would write outside the results folder, naming PERF_RUN_ID', () => {
    process.env.PERF_RESULTS_DIR = dir;
    for (const bad of ['../../../tmp/x', 'a/b', 'a\\b', '..', '.']) {
      process.env.PERF_RUN_ID = bad;
      expect(() => runDir(), bad).toThrow(/^PERF_RUN_ID=".*" is not a folder name: /);
      let err: unknown;
      try {
        runId();
      } catch (e) {
        err = e;
      }
      expect(isPerfError(err) && err.code).toBe('PERF_ERR_CONFIG');
    }
    process.env.PERF_RUN_ID = 'pr-123.nightly run';
    expect(runDir()).toBe(join(dir, 'pr-123.nightly run'));
  });

  it('generates one run id per process when PERF_RUN_ID is unset and exports it', () => {
    delete process.env.PERF_RUN_ID;
    const a = runId();
    expect(a).toMatch(/^\d{8}-\d{6}-\d{4}$/);
    expect(process.env.PERF_RUN_ID).toBe(a);
    delete process.env.PERF_RUN_ID;
    expect(runId()).toBe(a);
  });

  it('saves { meta, summary } under runs/<endpoint>--<scenario-slug>.json and reads it back', () => {
    const meta = synthMeta({ scenario: 'Guest chat holds 30 QPS!' });
    const path = saveRunSummary(synthSummary(), meta, dir);
    expect(path).toBe(join(dir, 'runs', 'guest-chat--guest-chat-holds-30-qps.json'));
    const { runs, problems } = loadRunDir(dir);
    expect(problems).toEqual([]);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.meta).toEqual(meta);
    expect(runs[0]!.summary.throughput.targetRps).toBe(100);
  });

  it('stores and reads back a run whose step is named like a secret (connect-token)', () => {
    const s = synthSummary();
    const latencyMs = s.latencyMs;
    s.steps = { 'connect-token': { count: 30, ok: 30, failed: 0, errors: {}, statusCodes: { '200': 30 }, latencyMs } };
    saveRunSummary(s, synthMeta({ endpoint: 'connect-token' }), dir);
    const { runs, problems } = loadRunDir(dir);
    expect(problems).toEqual([]);
    expect(runs[0]!.summary.steps['connect-token']).toEqual(s.steps['connect-token']);
  });

  it('writes atomically: no temp files left, old content replaced whole', () => {
    const meta = synthMeta();
    saveRunSummary(synthSummary({ targetRps: 10 }), meta, dir);
    saveRunSummary(synthSummary({ targetRps: 20 }), meta, dir);
    expect(readdirSync(join(dir, 'runs'))).toEqual(['guest-chat--guest-chat-holds-the-target-rate.json']);
    const stored = JSON.parse(readFileSync(join(dir, 'runs', 'guest-chat--guest-chat-holds-the-target-rate.json'), 'utf8'));
    expect(stored.summary.throughput.targetRps).toBe(20);
  });

  it('redacts secrets in what it stores', () => {
    const s = synthSummary();
    s.extra = { note: 'login with password=hunter2 failed', headers: { authorization: 'Bearer abcdef' } };
    const path = saveRunSummary(s, synthMeta(), dir);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abcdef');
  });

  it('a write failure is a ResultsError naming the path', () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    try {
      writeFileAtomic(join(blocker, 'sub', 'a.json'), '{}');
      expect.unreachable();
    } catch (err) {
      expect(isPerfError(err) && err.code).toBe('PERF_ERR_RESULTS');
      expect((err as Error).message).toContain(join(blocker, 'sub', 'a.json'));
    }
  });

  it('loadRunDir skips a broken file and reports it, keeping the others', () => {
    saveRunSummary(synthSummary(), synthMeta(), dir);
    writeFileSync(join(dir, 'runs', 'broken.json'), '{"meta": {');
    const { runs, problems } = loadRunDir(dir);
    expect(runs).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('broken.json');
  });

  it('loadRunDir on a missing folder is a ResultsError; on an empty one, no runs', () => {
    expect(() => loadRunDir(join(dir, 'nope'))).toThrow(/nope/);
    mkdirSync(join(dir, 'empty'));
    expect(loadRunDir(join(dir, 'empty'))).toEqual({ runs: [], problems: [] });
  });

  it('slugify is filesystem safe and never empty', () => {
    expect(slugify('POST /api/godgpt/chat — 30 QPS')).toBe('post-api-godgpt-chat-30-qps');
    expect(slugify('聊天')).toBe('run');
  });
});
