/** The simulator could not start, was misconfigured, or died. Not one of the engine's `PerfError`s: the engine knows nothing of the simulator. */
export class SimulatorError extends Error {
  readonly code = 'SIM_ERR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SimulatorError';
  }
}
