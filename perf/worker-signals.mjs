// Preloaded into each perf worker (vitest.config.ts `execArgv`), before vitest and the setup file:
// a Ctrl-C reaches the whole process group, and a worker killed by it while still starting would
// lose the run. Signals are recorded here; src/suite/interrupt.ts (`processInterruption`) turns
// them into an aborted run. A second signal exits at once, and so does the SIGTERM vitest sends
// a worker once it has answered "stopped" (its run is over). That answer is seen by wrapping
// process.send: a 'message' listener here would take vitest's first messages before vitest listens.
const received = [];
let stopped = false;
globalThis[Symbol.for('godgpt-perf.signals')] = received;
const send = process.send?.bind(process);
if (send) {
  process.send = (message, ...rest) => {
    if (message?.__vitest_worker_response__ && message.type === 'stopped') stopped = true;
    return send(message, ...rest);
  };
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    received.push(signal);
    if (stopped || received.length > 1) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}
