import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLK_TCK = 100;

/** Which core (or none) each side of a benchmark is pinned to. */
export interface Pinning {
  /** e.g. `0`; undefined: not pinned. */
  generatorCpu: string | undefined;
  targetCpu: string | undefined;
}

let tasksetOk: boolean | undefined;

const live = new Set<ChildProcess>();

/** Remembers a child so {@link killAllChildren} can stop it if the benchmark is interrupted. */
export function track<T extends ChildProcess>(child: T): T {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** SIGKILLs every tracked child still running (on interruption: never leave a server behind). */
export function killAllChildren(): void {
  for (const c of live) c.kill('SIGKILL');
  live.clear();
}

/** Whether `taskset` exists and works here (it needs at least 2 cores to be useful). */
export function canPin(): boolean {
  if (tasksetOk === undefined) {
    const r = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    tasksetOk = r.status === 0;
  }
  return tasksetOk;
}

/** Prefixes a command with `taskset -c <cpu>` when pinning is wanted and possible. */
export function pinned(cpu: string | undefined, cmd: string, args: string[]): { cmd: string; args: string[] } {
  if (cpu === undefined || !canPin()) return { cmd, args };
  return { cmd: 'taskset', args: ['-c', cpu, cmd, ...args] };
}

/** CPU seconds (user + system) a live process has used so far, from /proc; NaN when unreadable. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of a live process in bytes, from /proc; NaN when unreadable. */
export function rssBytes(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Resolves when the child exits (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Stops a child: SIGTERM, then SIGKILL after `graceMs`. Never throws. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(t);
}

export interface ChildRun {
  stdout: string;
  stderr: string;
  code: number | null;
  /** CPU seconds the child used (user + system), read just before it exited. */
  cpuS: number;
  wallS: number;
}

/**
 * Runs a command to completion, collecting its output and CPU time. Killed after `timeoutMs`
 * (the result then has `code` null), so a stuck child never hangs the benchmark.
 */
export function runChild(cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = track(spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env }));
    let stdout = '';
    let stderr = '';
    let cpuS = Number.NaN;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d.length > 20_000 ? d.slice(-20_000) : d));
    const poll = setInterval(() => {
      const c = cpuSeconds(child.pid);
      if (Number.isFinite(c)) cpuS = c;
    }, 200);
    const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      stderr += `\nspawn failed: ${err.message}`;
    });
    child.once('close', (code) => {
      clearInterval(poll);
      clearTimeout(kill);
      resolve({ stdout, stderr, code, cpuS, wallS: (performance.now() - started) / 1000 });
    });
  });
}
