import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/result/types.ts';
import type { SuiteReport } from '../../src/report/suite-report.ts';

const root = resolve(import.meta.dirname, '../..');
const VITEST = join(root, 'node_modules/vitest/vitest.mjs');
/** The `pr` profile: 5 s ramp + 30 s hold; the file's run is interrupted a few seconds in. */
const PLANNED_S = 35;

interface Interrupted {
  code: number | null;
  stdout: string;
  stderr: string;
  resultsDir: string;
  simPids: number[];
  /** Generator processes (`PERF_WORKERS`) of the run's process group, seen before the signal. */
  workerPids: number[];
}

function env(resultsDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'BASE_URL' && k !== 'AUTH_URL'));
  return {
    ...base,
    PERF_RESULTS_DIR: resultsDir,
    PERF_PROFILE: 'pr',
    PERF_RATE_SCALE: '0.02',
    PERF_ENV_FILE: '',
    PERF_PROGRESS: 'plain',
    PERF_RUN_ID: '',
    SIM_PROFILE: 'healthy',
    CI: '1',
    ...extra,
  };
}

/** Generator worker processes (src/shard/worker-main.ts) in process group `pgid`. */
function workerProcesses(pgid: number): number[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return ps.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => Number(f[1]) === pgid && f.join(' ').includes('worker-main.ts')).map((f) => Number(f[0]));
}

/** Simulators started by `pid` (node processes running sim/main.ts whose parent is `pid`). */
function simChildren(pid: number): number[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return ps.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => Number(f[1]) === pid && f.join(' ').includes('sim/main.ts')).map((f) => Number(f[0]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the perf project on one short file in its own process group and, once its load is under
 * way, sends `signal` to the whole group (a Ctrl-C in a terminal) or to one process of it.
 * `command` `vitest` spawns vitest directly; `pnpm` goes through `pnpm test:perf`.
 */
function interruptSuite(signal: NodeJS.Signals, target: 'group' | 'leader', command: 'vitest' | 'pnpm' = 'vitest', extraEnv: NodeJS.ProcessEnv = {}): Promise<Interrupted> {
  const resultsDir = mkdtempSync(join(tmpdir(), 'perf-interrupt-'));
  const [cmd, args] = command === 'pnpm'
    ? ['pnpm', ['-s', 'test:perf', 'perf/user-id.perf.ts']]
    : [process.execPath, [VITEST, 'run', '--project', 'perf', 'perf/user-id.perf.ts']];
  return new Promise((done) => {
    const child = spawn(cmd, args as string[], { cwd: root, detached: true, env: env(resultsDir, extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    let simPids: number[] = [];
    let workerPids: number[] = [];
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 120_000);
    const onOutput = () => {
      if (sent || !/\[perf\] user-id .*(ramp|steady)/.test(stderr + stdout)) return;
      sent = true;
      const vitestPid = command === 'pnpm' ? Number(execFileSync('pgrep', ['-P', String(child.pid), '-f', 'vitest'], { encoding: 'utf8' }).trim().split('\n')[0]) : child.pid!;
      simPids = simChildren(vitestPid);
      workerPids = workerProcesses(child.pid!);
      process.kill(target === 'group' ? -child.pid! : child.pid!, signal);
    };
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      onOutput();
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      onOutput();
    });
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr, resultsDir, simPids, workerPids });
    });
  });
}

/** The results folder holds the reports and the partial run, marked interrupted, stopped early. */
function expectPartialResults(r: Interrupted, signal: string): void {
  const runs = readdirSync(r.resultsDir);
  expect(runs, `one results/<run-id>/ in ${r.resultsDir}`).toHaveLength(1);
  const dir = join(r.resultsDir, runs[0]!);
  for (const f of ['summary.json', 'report.md', 'report.html']) expect(existsSync(join(dir, f)), f).toBe(true);
  const report = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SuiteReport;
  expect(report.interrupted).toBe(true);
  expect(report.passed).toBe(false);
  expect(report.tests).toHaveLength(1);
  expect(report.tests[0]!.verdict).toBe('interrupted');
  expect(report.counts).toMatchObject({ failed: 0, errored: 0, interrupted: 1 });

  const stored = JSON.parse(readFileSync(join(dir, report.tests[0]!.runFile!), 'utf8')) as { summary: RunSummary };
  const s = stored.summary;
  expect(s.interrupted).toBe(true);
  expect(s.abortReason).toContain(signal);
  expect(s.durationS).toBeLessThan(PLANNED_S);
  // The simulator kept answering until the partial run was saved: no failures against the target.
  expect(s.whole.requests.ok).toBeGreaterThan(0);
  expect(s.whole.requests.failed).toBe(0);
  expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('INTERRUPTED');

  expect(r.simPids.length, 'the simulator was found before the signal').toBe(1);
  for (const pid of r.simPids) expect(alive(pid), `simulator ${pid} stopped`).toBe(false);
}

describe('an interrupted perf suite keeps its results (vitest child process, embedded simulator)', () => {
  it('Ctrl-C (SIGINT to the process group) writes the partial results, stops the simulator and exits 130', async () => {
    const r = await interruptSuite('SIGINT', 'group');
    expect(r.code, r.stderr.slice(-2000)).toBe(130);
    expectPartialResults(r, 'SIGINT');
  });

  it('SIGINT to the vitest process alone does the same (the simulator is not blamed)', async () => {
    const r = await interruptSuite('SIGINT', 'leader');
    expect(r.code, r.stderr.slice(-2000)).toBe(130);
    expectPartialResults(r, 'SIGINT');
  });

  it('SIGTERM to the process group writes the partial results and exits 143', async () => {
    const r = await interruptSuite('SIGTERM', 'group');
    expect(r.code, r.stderr.slice(-2000)).toBe(143);
    expectPartialResults(r, 'SIGTERM');
  });

  it('Ctrl-C to the process group of `pnpm test:perf` (pnpm relays it: vitest gets SIGINT twice) is one interruption: partial results, exit 130', async () => {
    const r = await interruptSuite('SIGINT', 'group', 'pnpm');
    expect(r.stderr).not.toContain('SIGINT again: quitting');
    expect(r.code, r.stderr.slice(-2000)).toBe(130);
    expectPartialResults(r, 'SIGINT');
  });

  it('SIGTERM to the pnpm process of `pnpm test:perf` reaches vitest: partial results, exit 143', async () => {
    const r = await interruptSuite('SIGTERM', 'leader', 'pnpm');
    expect(r.code, r.stderr.slice(-2000)).toBe(143);
    expectPartialResults(r, 'SIGTERM');
  });
});

describe('an interrupted perf suite with PERF_WORKERS=2 keeps its results and leaves no generator process behind', () => {
  const workers = { PERF_WORKERS: '2' };

  /** The run merged from both workers was saved as interrupted; none of the workers outlived the suite. */
  function expectWorkersGone(r: Interrupted): void {
    expect(r.workerPids.length, 'two generator processes ran when the signal came').toBe(2);
    for (const pid of r.workerPids) expect(alive(pid), `worker ${pid} stopped`).toBe(false);
    const [run] = readdirSync(r.resultsDir);
    const report = JSON.parse(readFileSync(join(r.resultsDir, run!, 'summary.json'), 'utf8')) as SuiteReport;
    const stored = JSON.parse(readFileSync(join(r.resultsDir, run!, report.tests[0]!.runFile!), 'utf8')) as { summary: RunSummary };
    expect(stored.summary.extra?.workers).toBe(2);
  }

  it('Ctrl-C (SIGINT to the process group) during the run: partial results saved, exit 130', async () => {
    const r = await interruptSuite('SIGINT', 'group', 'vitest', workers);
    expect(r.code, r.stderr.slice(-2000)).toBe(130);
    expectPartialResults(r, 'SIGINT');
    expectWorkersGone(r);
  });

  it('Ctrl-C to the process group of `pnpm test:perf` during the run: partial results saved, exit 130', async () => {
    const r = await interruptSuite('SIGINT', 'group', 'pnpm', workers);
    expect(r.code, r.stderr.slice(-2000)).toBe(130);
    expectPartialResults(r, 'SIGINT');
    expectWorkersGone(r);
  });

  it('SIGTERM to the vitest process alone during the run: partial results saved, exit 143', async () => {
    const r = await interruptSuite('SIGTERM', 'leader', 'vitest', workers);
    expect(r.code, r.stderr.slice(-2000)).toBe(143);
    expectPartialResults(r, 'SIGTERM');
    expectWorkersGone(r);
  });
});
