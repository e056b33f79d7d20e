import { InterruptedError } from '../core/errors.ts';
import { runLoad } from '../load/run-load.ts';
import type { RunLoadOptions } from '../load/types.ts';
import type { ToParent, ToWorker } from './worker-protocol.ts';

/**
 * A generator worker process (`runLoad({ workers })`): waits for its options, runs its shard,
 * sends progress each second and the summary at the end, then exits. A parent that goes away
 * aborts the run (IPC disconnect).
 */
const ac = new AbortController();
const send = (m: ToParent): void => {
  if (process.connected) process.send!(m);
};

process.on('message', (m: ToWorker) => {
  if (m.type === 'abort') {
    if (!ac.signal.aborted) ac.abort(m.signal ? new InterruptedError(m.signal, m.reason) : new Error(m.reason));
    return;
  }
  void run(m.options);
});
process.on('disconnect', () => {
  if (!ac.signal.aborted) ac.abort(new InterruptedError('SIGTERM', 'interrupted (the parent process exited)'));
});
// The parent decides: a signal to the process group reaches it, and it tells this worker.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});

async function run(options: RunLoadOptions): Promise<void> {
  try {
    const summary = await runLoad({ ...options, signal: ac.signal, onProgress: (p) => send({ type: 'progress', progress: p }) });
    send({ type: 'done', summary });
  } catch (err) {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code });
  } finally {
    process.disconnect?.();
  }
}

send({ type: 'ready' });
