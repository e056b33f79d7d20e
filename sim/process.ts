import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SimulatorError } from './errors.ts';

export interface StartSimOptions {
  /** @default 0 (the child picks a free port and reports it) */
  port?: number;
  /** Simulator profile. @default env `SIM_PROFILE`, else 'healthy' */
  profile?: string;
  /** Extra environment of the child (`SIM_*` variables, see docs/SIMULATOR.md). @default {} */
  env?: Record<string, string | undefined>;
  /** Extra command-line flags (e.g. `['--pressure-mode']`). @default [] */
  args?: string[];
  /** Give up when the ready line has not appeared by then. @default 30000 */
  readyTimeoutMs?: number;
}

export interface SimProcess {
  url: string;
  pid: number;
  /** Stops the child (SIGTERM, then SIGKILL after 5 s) and resolves once it is gone. */
  stop(): Promise<void>;
}

const READY_RE = /GodGPT simulator listening on (http:\/\/\S+) \(profile ([^)]+)\)/;
const TAIL_CHARS = 4_000;
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

/**
 * Spawns `sim/main.ts` in its own process (node + tsx), waits for its ready line and returns its
 * URL. The child exits when `stop()` is called, when this process exits, and on its own when its
 * stdin/IPC channel closes (this process died), so it never outlives the parent. It runs in its own
 * process group, so a signal to the parent's group (Ctrl-C) leaves it to the parent to stop.
 */
export function startSimProcess(options: StartSimOptions = {}): Promise<SimProcess> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const profile = options.profile ?? process.env.SIM_PROFILE ?? 'healthy';
  const args = ['--import', tsxLoader(), MAIN, '--port', String(options.port ?? 0), '--profile', profile, '--watch-stdin', ...(options.args ?? [])];
  let child: ChildProcess;
  try {
    // Its own process group: a Ctrl-C in the terminal interrupts the run, and the parent stops the
    // simulator once the partial results are written (an unanswered target would read as failures).
    child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe', 'ipc'], detached: true });
  } catch (err) {
    return Promise.reject(new SimulatorError(`could not spawn the simulator: ${(err as Error).message}`, { cause: err }));
  }
  let stderrTail = '';
  let stdoutBuf = '';
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      process.off('exit', killOnExit);
      resolve();
    });
  });
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    stderrTail = (stderrTail + d).slice(-TAIL_CHARS);
  });
  child.stdin!.on('error', () => {});
  child.on('error', () => {});

  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (!exited) child.kill('SIGKILL');
    }, 5_000);
    await exitPromise;
    clearTimeout(timer);
    child.stdin?.destroy();
  };
  const tail = () => (stderrTail.trim() ? `; stderr tail:\n${stderrTail.trim()}` : '; no stderr output');

  return new Promise<SimProcess>((resolve, reject) => {
    let settled = false;
    const fail = (message: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().finally(() => reject(new SimulatorError(message + tail(), cause === undefined ? undefined : { cause })));
    };
    const timer = setTimeout(() => fail(`simulator (profile ${profile}) not ready after ${readyTimeoutMs} ms`), readyTimeoutMs);
    child.once('error', (err) => fail(`simulator process error: ${err.message}`, err));
    void exitPromise.then(() => {
      if (!settled) fail(`simulator (profile ${profile}) exited before it was ready (code ${exited?.code ?? 'null'}, signal ${exited?.signal ?? 'none'})`);
    });
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      if (settled) return;
      stdoutBuf = (stdoutBuf + d).slice(-TAIL_CHARS);
      const m = READY_RE.exec(stdoutBuf);
      if (!m) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url: m[1]!, pid: child.pid!, stop });
    });
  });
}
