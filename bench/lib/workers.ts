import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunLoadJob, RunLoadOutput } from '../workers/run-load.ts';
import { pinned, runChild } from './proc.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `node --import tsx <script>` pinned to `cpu`, run from the repository root. */
export function nodeScript(cpu: string | undefined, script: string, args: string[], nodeFlags: string[] = []): { cmd: string; args: string[] } {
  return pinned(cpu, process.execPath, [...nodeFlags, '--import', 'tsx', join(ROOT, script), ...args]);
}

/** Parses the last JSON line a worker printed; throws with the worker's stderr when there is none. */
export function lastJson<T>(stdout: string, stderr: string, what: string): T {
  const lines = stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  try {
    return JSON.parse(last) as T;
  } catch (cause) {
    throw new Error(`${what} printed no result:\n${stderr.trim().slice(-2000)}`, { cause });
  }
}

/** Runs `runLoad` in a fresh child process pinned to `cpu`. */
export async function runLoadChild(cpu: string | undefined, job: RunLoadJob, nodeFlags: string[] = []): Promise<RunLoadOutput> {
  const { cmd, args } = nodeScript(cpu, 'bench/workers/run-load.ts', [JSON.stringify(job)], nodeFlags);
  const budgetS = modelSeconds(job) + (job.warmupS ?? 1) + 60;
  const r = await runChild(cmd, args, budgetS * 1000);
  return lastJson<RunLoadOutput>(r.stdout, r.stderr, 'run-load worker');
}

function modelSeconds(job: RunLoadJob): number {
  const m = job.model;
  return m.type === 'concurrency' ? m.durationS : m.stages.reduce((s, st) => s + st.durationS, 0);
}
