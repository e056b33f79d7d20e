import type { RunEnvironment } from '../result/environment.ts';
import type { RequestSpec } from '../http/types.ts';
import type { Sampler, Scenario } from '../load/types.ts';
import type { Slo } from '../slo/types.ts';

/** An endpoint's scenario, ready to run against the suite's target. */
export interface PreparedEndpoint {
  scenario: RequestSpec | Scenario;
  /** Connections the endpoint wants (streams need one each). */
  connections?: number;
  timeoutMs?: number;
  /** Releases what `prepare` set up (sessions, pools). */
  close(): Promise<void>;
}

/** Describes one endpoint of a suite, engine-side (no product knowledge). */
export interface SuiteEndpoint {
  /** Stable id, the perf file's base name: `guest-chat` for perf/guest-chat.perf.ts. */
  id: string;
  /** `METHOD /path` as in the API reference. */
  route: string;
  /** The endpoint's target rate (after `PERF_RATE_SCALE` and overrides). */
  targetRps: number;
  slo: Slo;
  sse: boolean;
  /**
   * Groups of users it runs with, separately (`[{ id: 'old', label: 'old users' }, { id: 'new',
   * label: 'new users' }]`): `perf capacity` searches each (`--phase ID` one), named
   * `<endpoint> · <label>`. @default none: one search of its first scenario
   */
  phases?: readonly SuitePhase[];
  /**
   * Why it must not run here (against this target, with these settings), one line naming what
   * would allow it: `perf capacity` skips it without a request. @default undefined: it runs
   */
  skipReason?: string;
}

/** One phase of an endpoint: its `--phase` id and the label of its rows. */
export interface SuitePhase {
  id: string;
  label: string;
}

/**
 * What the CLI needs of a product suite to run `pnpm perf capacity [endpoint...]`: the list of
 * endpoints, a way to set each up against the target, and optional samplers of target resources.
 * `bin/perf.ts` wires the GodGPT suite (helpers/) into the engine's CLI through this interface.
 */
export interface SuitePlugin {
  /** Target base URL in use (the embedded simulator's when none is configured). */
  baseUrl(): string;
  endpoints(): SuiteEndpoint[];
  /** Sets up endpoint `id`'s scenario; `phase` (an id of its `phases`) picks that phase's. */
  prepare(id: string, phase?: string): Promise<PreparedEndpoint>;
  /** Samplers of the target's CPU and memory, when configured. */
  samplers?(): Sampler[];
  /** Starts what the suite needs (the simulator); returns a stop function. */
  start?(): Promise<() => Promise<void>>;
  /**
   * `perf model-check`: starts the target with its mocked or its real model (the simulator's
   * `real-llm`, or `SIM_LLM_URL`, or a deployment's own model); `label` says which. A suite that
   * cannot run a side throws a `ConfigError` saying what to do instead.
   */
  startModel?(model: 'mocked' | 'real'): Promise<{ label: string; stop(): Promise<void> }>;
  /** The endpoint ids `perf model-check` runs (the chat streams). */
  modelCheckEndpoints?(): string[];
  /**
   * The `PERF_*` variables the suite reads on top of the engine's (`PERF_PROFILE`, per-endpoint
   * overrides): every `pnpm perf` command accepts them, since the suite and the CLI share one
   * `.env`, and leaves their values to the suite. Any other `PERF_*` name is refused.
   */
  settings?(): string[];
  /** The run environment of the current target (its version, the simulator's profile), set on model-check's summaries. */
  environment?(): Promise<RunEnvironment>;
}
