// Preloaded into each perf worker (vitest.config.ts `execArgv`), before vitest and the setup file:
// a Ctrl-C reaches the whole process group, and a worker killed by it while still starting would
// lose the run. Signals are recorded here; src/suite/interrupt.ts (`processInterruption`) turns
// them into an aborted run. A second signal exits at once.
const received = [];
globalThis[Symbol.for('godgpt-perf.signals')] = received;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    received.push(signal);
    if (received.length > 1) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}
