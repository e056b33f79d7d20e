import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const PRELOAD = resolve(import.meta.dirname, '../../perf/worker-signals.mjs');

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** A stand-in worker: the preload, then a script that reports what it recorded, forever. */
function worker() {
  const script = `setInterval(() => {}, 1000); process.on('message', (m) => {
    if (m === 'report') process.send(globalThis[Symbol.for('godgpt-perf.signals')]);
    if (m === 'stop') process.send({ __vitest_worker_response__: true, type: 'stopped' }, () => process.send('ok'));
  });`;
  const child = spawn(process.execPath, ['--import', PRELOAD, '-e', script], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(child);
  return child;
}

const exited = (child: ReturnType<typeof worker>) => new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
const ask = (child: ReturnType<typeof worker>) => new Promise<unknown>((r) => { child.once('message', r); child.send('report'); });

describe('perf/worker-signals.mjs (preloaded into perf workers)', () => {
  it('a Ctrl-C does not kill the worker: the signal is recorded for the run; a second one exits 130', async () => {
    const child = worker();
    expect(await ask(child)).toEqual([]);
    child.kill('SIGINT');
    await expect.poll(() => ask(child)).toEqual(['SIGINT']);
    const code = exited(child);
    child.kill('SIGINT');
    expect(await code).toBe(130);
  });

  it("vitest's SIGTERM to a worker that has answered 'stopped' ends it at once", async () => {
    const child = worker();
    await ask(child);
    const answered = new Promise((r) => child.on('message', (m) => m === 'ok' && r(m)));
    child.send('stop');
    await answered;
    const code = exited(child);
    child.kill('SIGTERM');
    expect(await code).toBe(143);
  });
});
