import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { writeSuiteReports } from '../../src/report/write-reports.ts';
import type { RunEnvironment } from '../../src/result/environment.ts';
import { dist, synthMeta, synthSummary } from '../report/fixtures.ts';

/**
 * The baseline steps of the two GitHub workflows, run as written in runner-like folders: main's
 * "Prepare the baseline" (perf-baseline.yml) on a repeated run, then the pull request's "Compare with
 * the baseline" (perf.yml) on the downloaded copy. The perf suite itself is not run: its results
 * folders are made here (3 passes of one test), and `pnpm` runs this checkout's bin/perf.ts.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const TSX = createRequire(import.meta.url).resolve('tsx').replace(/[^/\\]+$/, 'loader.mjs');

type Step = { name?: string; run?: string; uses?: string; with?: Record<string, string | number> };
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { env: Record<string, string | number>; steps: Step[] }> };
const workflow = (name: string): Workflow => parse(readFileSync(join(ROOT, '.github/workflows', name), 'utf8')) as Workflow;
const step = (wf: Workflow, name: string): Step => Object.values(wf.jobs)[0]!.steps.find((s) => s.name === name)!;

function exec(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env: { ...process.env, PERF_ENV_FILE: '/dev/null', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

const ENVIRONMENT: RunEnvironment = {
  target: { url: 'http://127.0.0.1:1' },
  suite: {},
  generator: { cpuModel: 'Test CPU', cores: 4, memoryBytes: 16 * 2 ** 30, os: 'linux', node: 'v20' },
  simulator: { profile: 'healthy', llm: 'mock' },
};

/** A suite run's results folder as PERF_REPEAT=3 leaves it: runs/, repeat/<k>/runs/ and summary.json. */
function resultsFolder(dir: string, p95s: number[], environment: RunEnvironment = ENVIRONMENT): void {
  const meta = synthMeta({ endpoint: 'session-info', scenario: 'session info holds the rate' });
  const file = 'session-info--session-info-holds-the-rate.json';
  p95s.forEach((p95, i) => {
    const s = synthSummary({ name: 'session-info' });
    s.latencyMs = dist(p95 / 2, p95, p95 * 1.5);
    s.environment = environment;
    const doc = JSON.stringify({ meta: { ...meta, repeat: { index: i + 1, of: p95s.length } }, summary: s });
    mkdirSync(join(dir, 'repeat', String(i + 1), 'runs'), { recursive: true });
    writeFileSync(join(dir, 'repeat', String(i + 1), 'runs', file), doc);
    mkdirSync(join(dir, 'runs'), { recursive: true });
    writeFileSync(join(dir, 'runs', file), doc);
  });
  writeSuiteReports({ dir, env: {} });
}

describe('the CI baseline, as the workflows run it', () => {
  let dir: string;
  let bin: string;
  const main = workflow('perf-baseline.yml');
  const pr = workflow('perf.yml');
  const mainEnv = Object.values(main.jobs)[0]!.env;
  const prEnv = Object.values(pr.jobs)[0]!.env;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'perf-ci-baseline-'));
    bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'pnpm'), `#!/bin/sh\n[ "$1" = "-s" ] && shift\n[ "$1" = "perf" ] && shift\nexec "${process.execPath}" --import "${TSX}" "${ROOT}bin/perf.ts" "$@"\n`);
    chmodSync(join(bin, 'pnpm'), 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('main saves its results as the artifact the pull-request workflow downloads', () => {
    expect(main.on.push).toEqual({ branches: ['main'] });
    expect(mainEnv.PERF_REPEAT).toBe(3);
    expect(prEnv.PERF_REPEAT).toBe(mainEnv.PERF_REPEAT);
    expect(prEnv.PERF_PROFILE).toBe(mainEnv.PERF_PROFILE);
    const save = step(main, 'Save the baseline');
    expect(save.uses).toMatch(/^actions\/upload-artifact@/);
    const download = step(pr, 'Download the baseline');
    expect(download.uses).toMatch(/^actions\/download-artifact@/);
    expect(download.with).toMatchObject({ name: save.with!.name, path: 'baseline' });
    expect(pr.permissions.actions).toBe('read');
  });

  /** main's run, its "Prepare the baseline", and the artifact downloaded as `baseline/` beside a pull request's results. */
  async function prWorkspace(name: string, baseP95: number[] | null, headP95: number[], baseEnv: RunEnvironment = ENVIRONMENT) {
    const runner = { PATH: `${bin}:${process.env.PATH}`, GITHUB_SHA: 'abc123' };
    const pull = join(dir, name, 'pr');
    mkdirSync(pull, { recursive: true });
    if (baseP95) {
      const mainWork = join(dir, name, 'main');
      const env = { ...runner, PERF_RESULTS_DIR: String(mainEnv.PERF_RESULTS_DIR), PERF_RUN_ID: 'baseline-1-1', PERF_REPEAT: String(mainEnv.PERF_REPEAT), PERF_PROFILE: String(mainEnv.PERF_PROFILE), GITHUB_STEP_SUMMARY: join(dir, name, 'main-summary.md') };
      resultsFolder(join(mainWork, env.PERF_RESULTS_DIR, env.PERF_RUN_ID), baseP95, baseEnv);
      const prepared = await exec(step(main, 'Prepare the baseline').run!, mainWork, env);
      expect(prepared.code, prepared.out).toBe(0);
      const saved = join(mainWork, String(step(main, 'Save the baseline').with!.path));
      expect(JSON.parse(readFileSync(join(saved, 'baseline.json'), 'utf8'))).toMatchObject({ commit: 'abc123', repeat: 3, profile: 'pr' });
      cpSync(saved, join(pull, 'baseline'), { recursive: true });
    }
    const env = { ...runner, PERF_RESULTS_DIR: String(prEnv.PERF_RESULTS_DIR), PERF_RUN_ID: 'pr-7-1', GITHUB_STEP_SUMMARY: join(dir, name, 'summary.md') };
    resultsFolder(join(pull, env.PERF_RESULTS_DIR, env.PERF_RUN_ID), headP95);
    writeFileSync(env.GITHUB_STEP_SUMMARY, '# report.md of the run\n');
    const compared = await exec(step(pr, 'Compare with the baseline').run!, pull, env);
    return { ...compared, summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'), head: join(pull, env.PERF_RESULTS_DIR, env.PERF_RUN_ID) };
  }

  test('a slower pull request fails the job, with the table in the job summary and an ::error::', async () => {
    const r = await prWorkspace('slower', [80, 81, 79], [160, 161, 159]);
    expect(r.code, r.out).toBe(1);
    expect(r.summary.startsWith('# report.md of the run\n')).toBe(true);
    expect(r.summary).toContain('| Test | Metric | BASE | HEAD | Change [95% CI] | Verdict |');
    expect(r.summary).toMatch(/\| p95 \| 80 ms \| 160 ms \| \+100\.0% \[.*\] \| ▲ slower \|/);
    expect(r.out).toContain('::error title=perf compare: slower::');
    expect(existsSync(join(r.head, 'compare.json'))).toBe(true);
  });

  test('an unchanged pull request passes; a noisy one passes with a warning to run more', async () => {
    const same = await prWorkspace('same', [80, 80.2, 79.8], [80.1, 79.9, 80]);
    expect(same.code, same.out).toBe(0);
    expect(same.summary).toMatch(/\| p95 \| 80 ms \| 80 ms \| .* \| same \|/);
    const noisy = await prWorkspace('noisy', [70, 90, 80], [95, 78, 91]);
    expect(noisy.code, noisy.out).toBe(0);
    expect(noisy.out).toContain('::warning title=perf compare: not enough evidence::');
    expect(noisy.summary).toContain('not enough evidence: run more');
  });

  test('no baseline, or one from another machine: the summary says so and the job does not fail on it', async () => {
    const none = await prWorkspace('none', null, [160, 161, 159]);
    expect(none.code, none.out).toBe(0);
    expect(none.summary).toContain('No baseline from main was found');
    expect(none.out).toContain('::warning title=perf baseline::no baseline from main');
    const other = await prWorkspace('other', [80, 81, 79], [160, 161, 159], { ...ENVIRONMENT, generator: { ...ENVIRONMENT.generator, cores: 64 } });
    expect(other.code, other.out).toBe(0);
    expect(other.summary).toMatch(/not gating: the two sides were not measured alike: generator machine differs: 64c\/16 GB Test CPU → 4c\/16 GB Test CPU/);
    expect(other.summary).toContain('slower (does not gate)');
    expect(other.out).not.toContain('::error');
  });
});
