import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunSummary } from '../../src/result/schema.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { okHandler, startServer, type TestServer } from '../engine/server.ts';

const root = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'perf-signals-'));
const PLANNED_S = 20;
let server: TestServer;

beforeAll(async () => {
  server = await startServer(okHandler);
});
afterAll(() => server.close());

interface Exit {
  /** The process group it ran in (its pid). */
  pgid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Spawns `command` in its own process group (so a signal sent to its pid reaches it alone) and
 * calls `onRunning` once the run's first progress line is out. Killed after 60 s so a hang fails.
 */
function launch(command: string, args: string[], onRunning: (child: ChildProcess) => void): Promise<Exit> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: root,
      detached: true,
      env: { ...process.env, PERF_PROGRESS: 'plain', PERF_PROGRESS_INTERVAL_S: '1', PERF_ENV_FILE: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let running = false;
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!running && stderr.includes('[perf]')) {
        running = true;
        onRunning(child);
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      done({ pgid: child.pid!, code, signal, stderr });
    });
  });
}

const runArgs = (json: string) => [
  'run', '--url', `${server.url}/ok`, '--rate', '10', '--duration', String(PLANNED_S),
  '--warmup', '0', '--max-dispatch-lag', '1000', '--max-late-ratio', '1', '--json', json,
];

function readSummary(file: string): RunSummary {
  expect(existsSync(file), `${file} written`).toBe(true);
  return JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
}

/** Stopped before its planned end, marked interrupted, with the requests that ran. */
function expectInterrupted(summary: RunSummary, signal: string): void {
  expect(parseRunSummary(summary).ok).toBe(true);
  expect(summary.aborted).toBe(true);
  expect(summary.interrupted).toBe(true);
  expect(summary.abortReason).toContain(signal);
  expect(summary.durationS).toBeLessThan(PLANNED_S);
  expect(summary.requests.scheduled).toBeLessThan(PLANNED_S * 10);
}

describe('perf run stops at once on an interruption and keeps the partial results', () => {
  it('SIGTERM to `perf run --json` writes the partial summary marked interrupted and exits 143', async () => {
    const json = join(tmp, 'sigterm.json');
    const r = await launch(process.execPath, ['--import', 'tsx', 'bin/perf.ts', ...runArgs(json)], (child) => child.kill('SIGTERM'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(143);
    expect(r.stderr).toContain('interrupted (SIGTERM)');
    expectInterrupted(readSummary(json), 'SIGTERM');
  });

  it('SIGINT to the `pnpm` process alone stops `pnpm perf run` and exits 130', async () => {
    const json = join(tmp, 'pnpm-sigint.json');
    const r = await launch('pnpm', ['-s', 'perf', ...runArgs(json)], (child) => child.kill('SIGINT'));
    expect(r.code).toBe(130);
    expectInterrupted(readSummary(json), 'SIGINT');
  });

  it('Ctrl-C to the process group of `pnpm perf run --workers 2` (pnpm relays it: SIGINT twice) writes the partial summary, exits 130 and leaves no worker', async () => {
    const json = join(tmp, 'group-sigint-workers.json');
    const workersIn = (pgid: number): number[] =>
      execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' })
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => Number(f[1]) === pgid && f.join(' ').includes('worker-main'))
        .map((f) => Number(f[0]));
    let workers: number[] = [];
    const r = await launch('pnpm', ['-s', 'perf', ...runArgs(json), '--workers', '2'], (child) => {
      workers = workersIn(child.pid!);
      process.kill(-child.pid!, 'SIGINT');
    });
    expect(r.code, r.stderr).toBe(130);
    const summary = readSummary(json);
    expectInterrupted(summary, 'SIGINT');
    expect(summary.extra?.workers).toBe(2);
    expect(workers).toHaveLength(2);
    expect(workersIn(r.pgid)).toEqual([]);
  });

  it('a run whose parent process dies stops and writes its partial summary', async () => {
    const json = join(tmp, 'orphan.json');
    // `; true` keeps sh from exec-ing node, so node has sh as its parent; SIGKILL sh, not node.
    const line = ['node', '--import', 'tsx', 'bin/perf.ts', ...runArgs(json)].map((a) => `'${a}'`).join(' ');
    const r = await launch('sh', ['-c', `${line}; true`], (child) => child.kill('SIGKILL'));
    expect(r.signal).toBe('SIGKILL');
    await expect.poll(() => existsSync(json), { timeout: 15_000, interval: 200 }).toBe(true);
    expectInterrupted(readSummary(json), 'parent process exited');
  });
});
