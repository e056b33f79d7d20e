import { InterruptedError } from '../core/errors.ts';
import type { RequestSpec } from '../http/types.ts';
import { runLocal } from '../load/run-local.ts';
import { loadScenarioModule } from '../load/scenario-module.ts';
import type { GeneratorIdentity, RunLoadOptions, Scenario, ScenarioModule } from '../load/types.ts';
import type { ToParent, ToWorker } from './worker-protocol.ts';

/**
 * A generator worker process (`runLoad({ workers })`): builds its scenario when it is a module
 * (`prepare`), waits for its options, runs its shard, sends progress each second and the summary
 * at the end, then exits. A parent that goes away aborts the run (IPC disconnect).
 */
const ac = new AbortController();
/** A factory's set-up may leave timers or sockets open (token refresh); the worker still ends. */
const EXIT_GRACE_MS = 2_000;
let prepared: RequestSpec | Scenario | undefined;
/** Set once the run has begun: from then on its own end ends the process. */
let running = false;

const send = (m: ToParent): void => {
  if (process.connected) process.send!(m);
};
const fail = (err: unknown): void => send({ type: 'error', message: err instanceof Error ? err.message : String(err), code: (err as { code?: string } | null | undefined)?.code });
const end = (): void => {
  process.disconnect?.();
  setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
};

process.on('message', (m: ToWorker) => {
  if (m.type === 'abort') {
    if (!ac.signal.aborted) ac.abort(m.signal ? new InterruptedError(m.signal, m.reason) : new Error(m.reason));
    return;
  }
  if (m.type === 'prepare') void prepare(m.scenario, m.generator);
  else void run(m.options);
});
process.on('disconnect', () => {
  if (!ac.signal.aborted) ac.abort(new InterruptedError('SIGTERM', 'interrupted (the parent process exited)'));
  // No run will ever be asked for: a worker still setting up (logins, seeding) or waiting ends now.
  if (!running) process.exit(0);
});
// The parent decides: a signal to the process group reaches it, and it tells this worker. Without
// a parent any more, a signal ends this process like any other.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!process.connected) process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

async function prepare(scenario: ScenarioModule, generator: GeneratorIdentity): Promise<void> {
  try {
    prepared = await loadScenarioModule(scenario, generator);
    send({ type: 'prepared' });
  } catch (err) {
    fail(err);
    end();
  }
}

async function run(options: RunLoadOptions): Promise<void> {
  running = true;
  try {
    const summary = await runLocal({ ...options, ...(prepared ? { scenario: prepared } : {}), signal: ac.signal, onProgress: (p) => send({ type: 'progress', progress: p }) });
    send({ type: 'done', summary });
  } catch (err) {
    fail(err);
  } finally {
    end();
  }
}

send({ type: 'ready' });
