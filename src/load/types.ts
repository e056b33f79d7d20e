import type { RequestResult, RequestSpec } from '../http/types.ts';
import type { TraceOptions } from '../http/trace.ts';
import type { RunSummary, TimelineEntry } from '../result/types.ts';
import type { Slo, StepSlo } from '../slo/types.ts';
import type { Arrivals } from './arrivals.ts';

/** A stage of an arrival-rate run: the rate moves linearly from the previous stage's target to `target` over `durationS`. */
export interface Stage {
  durationS: number;
  /** Iterations per second at the end of the stage. */
  target: number;
}

/** Open model: iterations start at their scheduled instants however slow the responses are. */
export interface ArrivalRateModel {
  type: 'arrival-rate';
  /** Rate at the start of the first stage. @default 0 */
  startRate?: number;
  stages: Stage[];
}

/** Closed model: `vus` virtual users each loop an iteration then think. */
export interface ConcurrencyModel {
  type: 'concurrency';
  vus: number;
  durationS: number;
  /** Users are added linearly over this time; that part is the ramp. @default 0 */
  rampS?: number;
  /** Pause after each iteration, per user. @default 0 */
  thinkTimeMs?: number;
}

export type LoadModel = ArrivalRateModel | ConcurrencyModel;

/** What a scenario iteration gets. */
export interface IterationContext {
  /**
   * Sends a request; never throws. The first request of an iteration is timed from the
   * iteration's intended start, each later one from the previous request's end plus the pauses
   * (`sleep`) since: a send the generator delays is counted in its latency (coordinated omission).
   */
  request(spec: RequestSpec): Promise<RequestResult>;
  /**
   * Waits (think time), cut short when the run ends. Never part of a latency: the next request's
   * intended start is the previous request's end plus this pause. The open model keeps starting
   * iterations on schedule meanwhile.
   */
  sleep(ms: number): Promise<void>;
  /** Virtual user number (closed model) or a rotating slot number (open model). */
  vu: number;
  /** Iteration number across the run, from 0. */
  iteration: number;
  /** Aborted when the run ends. */
  signal: AbortSignal;
}

/**
 * An iteration: one or more requests. The iteration fails with the first failed request's
 * outcome. It must not throw; a throw is counted as `invalid_body` with the message.
 */
export type Scenario = (ctx: IterationContext) => Promise<void>;

/**
 * A user's journey: a flow of several requests with think times between them (`ctx.sleep`), run
 * to its end by every user that draws it. Each request is recorded as a step under its spec's
 * `name`; its intended start is the previous step's end plus the think time between them.
 */
export interface Journey {
  /** Names the journey in `summary.journeys`. */
  name: string;
  /** Its share of arriving users, relative to the other journeys' weights (0: never drawn). */
  weight: number;
  run: Scenario;
}

/**
 * Open arrivals of users split over journeys by weight: each arriving user (an iteration of the
 * load model) draws one journey from a PRNG seeded with `seed`, so a run draws the same sequence
 * of journeys run after run.
 */
export interface JourneyMix {
  journeys: readonly Journey[];
  /** @default 1 */
  seed?: number;
}

/** Which generator process of a run builds a scenario: worker `index` of `count` (1 of 1 in one process). */
export interface GeneratorIdentity {
  index: number;
  count: number;
}

/**
 * A scenario named by module, so that it can be built in every generator process of a run
 * (`workers`): the process imports `module` (an absolute path or `file:` URL), calls its named
 * export `export` with `args` (plain data) and its {@link GeneratorIdentity}, and runs what that
 * returns. Set-up done by the factory (logins, seeding) happens before the run records anything.
 */
export interface ScenarioModule {
  module: string;
  export: string;
  /** Handed to the factory; must survive structured cloning (no functions). */
  args?: unknown;
}

/** What a {@link ScenarioModule}'s export is. */
export type ScenarioFactory = (args: unknown, generator: GeneratorIdentity) => RequestSpec | Scenario | Promise<RequestSpec | Scenario>;

/** Ends a run early when the error rate over a sliding window exceeds a bound. */
export interface AbortOnFail {
  /** @default 0.5 */
  errorRate?: number;
  /** @default 10 */
  windowS?: number;
  /** Do not judge a window with fewer completed iterations. @default 50 */
  minRequests?: number;
}

/** Live progress, emitted once per second of the run (reporters use it; the engine never prints). */
export interface Progress {
  name: string;
  elapsedS: number;
  totalS: number;
  /** `drain`: the schedule has ended and requests still in flight are finishing. */
  phase: 'warmup' | 'ramp' | 'steady' | 'drain';
  targetRps: number;
  inFlight: number;
  /** The second just finished. */
  last: TimelineEntry;
  /** p95 so far (judged window), ms. */
  p95Ms: number;
  errorsSoFar: number;
}

/** A source of target-side measurements sampled once per second (CPU, memory). */
export interface Sampler {
  name: string;
  start(): Promise<void> | void;
  /** Latest values, merged into the timeline entry's `resources`. Must not throw. */
  sample(): Record<string, number> | undefined;
  stop(): Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;
}

export interface RunLoadOptions {
  /** Endpoint or run name used in summaries and messages. @default 'run' */
  name?: string;
  /** Base for relative request URLs. */
  baseUrl?: string;
  /**
   * A single request, an iteration function for flows, a module that builds either (needed for
   * `workers`), or a {@link JourneyMix}: arriving users split over weighted journeys (one process only).
   */
  scenario: RequestSpec | Scenario | ScenarioModule | JourneyMix;
  model: LoadModel;
  /**
   * How the open model's recorded iterations arrive: even spacing, or random gaps (Poisson,
   * gamma of a burstiness) drawn from `seed`, each iteration's intended time its drawn arrival.
   * A random seed is picked (and written in `summary.arrivals`) when none is given. The warm-up
   * stays constant. @default { kind: 'constant' }
   */
  arrivals?: Arrivals;
  /** Connections per origin. @default min(maxInFlight, 512) */
  connections?: number;
  /** Cap on iterations in flight; above it an iteration is `dropped`. @default clamp(peakRate * timeoutMs / 1000, 64, 10000); closed model: clamp(vus + warm-up users, 64, 10000) */
  maxInFlight?: number;
  /** Per-request timeout. @default 30000 */
  timeoutMs?: number;
  /**
   * Largest SSE line, or fields of one event together, in bytes as received. A stream that goes
   * past it ends as `invalid_body` and its connection is destroyed. @default 1048576 (1 MiB)
   */
  maxEventBytes?: number;
  /**
   * Largest response body read for a `check` or `captureBody` (or SSE events kept by
   * `captureEvents`), in bytes. A response that goes past it ends as `invalid_body` and its
   * connection is destroyed. @default 4194304 (4 MiB)
   */
  maxBodyBytes?: number;
  /**
   * W3C trace context: every request carries a fresh `traceparent` (new trace and span id, through
   * OpenTelemetry's W3C propagator), with `sampled` setting its flag and `tracestate` sent as given;
   * `false` sends none. A request whose spec sets its own `traceparent` keeps it.
   * @default {} (on, not sampled, no tracestate)
   */
  trace?: TraceOptions | false;
  /**
   * Unrecorded warm-up before recording. Arrival rate: the rate ramps from 0 to the recorded start
   * rate (the first stage's `startRate`, or 10% of the peak, at least 1/s) over the first half, then
   * holds it until the generator has settled (no dispatch later than `maxDispatchLagMs` and no
   * event-loop stall for the last min(warmupS / 2, 1) s), at least `warmupS` and at most
   * `maxWarmupS`. Closed model: 10% of the users for `warmupS`. 0 turns it off. @default 1
   */
  warmupS?: number;
  /** Longest warm-up when the generator does not settle (arrival rate; noted in `generator.notes`). @default 2 × warmupS */
  maxWarmupS?: number;
  /** Which part the headline metrics and SLO judge. @default 'steady' */
  judge?: 'steady' | 'all';
  abortOnFail?: AbortOnFail | false;
  /** Stops the run; the partial result is still returned. */
  signal?: AbortSignal;
  /** Evaluated into `summary.slo` when given. */
  slo?: Slo;
  /**
   * Bounds per step of a flow (by request name): each step is judged on its own requests of the
   * judged window, the checks (`<step> › latency.p95`) join `summary.slo`, and `summary.degradations`
   * says which step degraded first during the run. @default none
   */
  stepSlo?: Record<string, StepSlo>;
  onProgress?: (p: Progress) => void;
  samplers?: Sampler[];
  /** p99 dispatch lag above which the run is flagged invalid. @default 10 */
  maxDispatchLagMs?: number;
  /** Share of late requests above which the run is flagged invalid. @default 0.01 */
  maxLateRatio?: number;
  /**
   * After the last stage, how long iterations still in flight may take to finish before they are
   * cut (counted as sent but not completed). @default min(timeoutMs, 60000)
   */
  drainMs?: number;
  /**
   * Run only shard `index` of `count` of the schedule: the iterations k ≡ index (mod count) of the
   * arrival-rate schedule (ramps and warm-up included), or the users u ≡ index (mod count) of the
   * closed model. With `count` > 1 `startAt` is required, so that every shard starts recording at
   * the same instant; the summary then records `shard` for `perf merge`. @default { index: 0, count: 1 }
   */
  shard?: { index: number; count: number };
  /**
   * Epoch milliseconds (`Date.now()` clock) at which recording starts; the warm-up runs before it
   * (shorter when there is not `warmupS` left). A time already past is a `ConfigError`.
   */
  startAt?: number;
  /**
   * Generator processes on this machine (1 to 64): worker i runs the iterations k ≡ i (mod
   * workers) of the schedule (closed model: its share of the users), all recording from the same
   * instant, and their summaries merge into one (src/shard/workers.ts). Only plain data crosses
   * to a worker: a request spec without `check`/`checkEvent`/`isFinalEvent` functions, or a
   * {@link ScenarioModule} each worker builds its flow from (a scenario function is a
   * `ConfigError`). Samplers run in this process, beside the workers. @default 1
   */
  workers?: number;
  /**
   * Highest rate asked of one generator process, per second: every rate of the model must stay
   * below it × shards (or workers). Raise it only to measure the generator's own ceiling
   * (`pnpm bench`). @default 20000
   */
  maxRatePerS?: number;
}

export type RunLoad = (options: RunLoadOptions) => Promise<RunSummary>;
