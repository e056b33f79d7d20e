import { godgptSuite } from '../helpers/suite-plugin.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';
import { InterruptedError, isRelayedSignal, runCli, type CliIo } from '../src/index.ts';

const controller = new AbortController();
let first: { signal: NodeJS.Signals; atMs: number } | undefined;
const interrupt = (signal: NodeJS.Signals, why: string = signal): void => {
  const reason = new InterruptedError(signal, `interrupted (${why})`);
  if (first) {
    // pnpm relays the Ctrl-C the process group got: that is the same one, not a second.
    if (isRelayedSignal(first.signal, first.atMs, signal)) return;
    process.exit(reason.exitCode);
  }
  first = { signal, atMs: Date.now() };
  process.stderr.write(`\nperf: ${reason.message}, stopping the run (${signal === 'SIGINT' ? 'Ctrl-C' : 'signal'} again to quit at once)\n`);
  controller.abort(reason);
};
const onSigint = () => interrupt('SIGINT');
const onSigterm = () => interrupt('SIGTERM');
process.on('SIGINT', onSigint);
process.on('SIGTERM', onSigterm);
// Re-parented: whoever started the run (pnpm, a CI step) is gone, so stop as on SIGTERM.
const parentPid = process.ppid;
const watchParent = setInterval(() => {
  if (process.ppid !== parentPid && !controller.signal.aborted) interrupt('SIGTERM', 'the parent process exited');
}, 500);
watchParent.unref();

// `perf run ... | head` closes the pipe early: stop writing quietly instead of crashing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const io: CliIo = {
  stdout: (line) => void process.stdout.write(`${line}\n`),
  stderr: (line) => void process.stderr.write(`${line}\n`),
  signal: controller.signal,
  stderrIsTty: Boolean(process.stderr.isTTY),
};

// The GodGPT suite is this CLI's one registered suite plugin (`capacity`, `model-check`).
useSuiteEndpoints();
process.exitCode = await runCli(process.argv.slice(2), io, godgptSuite);
process.off('SIGINT', onSigint);
process.off('SIGTERM', onSigterm);
clearInterval(watchParent);
// The summary is out: a lingering socket or timer in a dependency must not keep the process alive.
setTimeout(() => process.exit(), 2000).unref();
