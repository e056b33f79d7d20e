import { isMissingModule, runCli } from '../src/cli/main.ts';
import type { CliIo } from '../src/cli/io.ts';
import type { SuitePlugin } from '../src/suite/types.ts';

const controller = new AbortController();
let interrupts = 0;
const onSigint = () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(130);
  process.stderr.write('\nperf: interrupted, stopping the run (Ctrl-C again to quit at once)\n');
  controller.abort(new Error('interrupted (SIGINT)'));
};
process.on('SIGINT', onSigint);

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

/** The GodGPT suite, imported only when a command needs it (`capacity`), so `run` works without it. */
async function loadSuite(): Promise<SuitePlugin | undefined> {
  const specifier = '../helpers/suite-plugin.ts';
  try {
    const mod = (await import(specifier)) as { godgptSuite?: SuitePlugin };
    return mod.godgptSuite;
  } catch (err) {
    if (isMissingModule(err, 'suite-plugin.ts')) return undefined;
    throw err;
  }
}

process.exitCode = await runCli(process.argv.slice(2), io, loadSuite);
process.off('SIGINT', onSigint);
// The summary is out: a lingering socket or timer in a dependency must not keep the process alive.
setTimeout(() => process.exit(), 2000).unref();
