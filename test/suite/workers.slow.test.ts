import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../src/report/suite-report.ts';
import type { RunSummary } from '../../src/result/types.ts';

const root = resolve(import.meta.dirname, '../..');
const VITEST = join(root, 'node_modules/vitest/vitest.mjs');

function runSuite(file: string, extraEnv: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string; resultsDir: string }> {
  const resultsDir = mkdtempSync(join(tmpdir(), 'perf-workers-'));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'BASE_URL' && k !== 'AUTH_URL'));
  const env = { ...base, PERF_RESULTS_DIR: resultsDir, PERF_PROFILE: 'smoke', PERF_ENV_FILE: '', PERF_PROGRESS: 'plain', PERF_RUN_ID: '', SIM_PROFILE: 'healthy', CI: '1', ...extraEnv };
  return new Promise((done) => {
    const child = spawn(process.execPath, [VITEST, 'run', '--project', 'perf', file], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, output, resultsDir });
    });
  });
}

function runs(resultsDir: string): { report: SuiteReport; summaries: RunSummary[] } {
  const [run] = readdirSync(resultsDir);
  const dir = join(resultsDir, run!);
  const report = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SuiteReport;
  const summaries = report.tests.map((t) => (JSON.parse(readFileSync(join(dir, t.runFile!), 'utf8')) as { summary: RunSummary }).summary);
  return { report, summaries };
}

describe('PERF_WORKERS in the suite (each generator process builds the scenario from its definition)', () => {
  it('chat with 2 workers: old and new users log in inside the workers, the runs merge and pass, the leak check samples from the parent', async () => {
    const r = await runSuite('perf/chat.perf.ts', { PERF_WORKERS: '2', PERF_COOLDOWN_S: '4' });
    expect(r.code, r.output.slice(-3000)).toBe(0);
    const { report, summaries } = runs(r.resultsDir);
    expect(report.tests.map((t) => t.verdict)).toEqual(['pass', 'pass']);
    for (const s of summaries) {
      expect(s.extra?.workers).toBe(2);
      expect(s.requests.ok).toBeGreaterThan(0);
      expect(s.requests.failed).toBe(0);
      expect(s.throughput.targetRps).toBeGreaterThan(0);
    }
    // The old-user run is leak-checked from the parent's sampler of the simulator's /metrics.
    expect(summaries[0]!.extra?.leak).toMatchObject({ leaked: false, metric: expect.any(String), peakBytes: expect.any(Number) });
    expect(summaries[0]!.timeline.some((e) => e.resources !== undefined)).toBe(true);
  });
});
