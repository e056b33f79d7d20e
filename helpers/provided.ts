/** Values perf/global-setup hands to the perf workers (`project.provide` / `inject`). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the target (the embedded simulator's when BASE_URL is unset). */
    perfBaseUrl: string;
    /** True when perf/global-setup started the simulator. */
    perfEmbeddedSim: boolean;
  }
}

/** Set in the environment when perf/global-setup started the simulator. */
export const EMBEDDED_SIM_VAR = 'PERF_EMBEDDED_SIM';
