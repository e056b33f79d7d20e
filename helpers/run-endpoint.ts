import {
  createProgressSink,
  describeThinkTime,
  leakSettingsFromEnv,
  type LeakVerdict,
  type RequestSpec,
  type ResourceSampler,
  runLeakCheck,
  runLoad,
  traceFromEnv,
  remoteWriteFromEnv,
  PrometheusRemoteWriter,
  runId,
  type RunLoadOptions,
  type RunSummary,
  type Sampler,
  samplersFromEnv,
  saveRepeatedRun,
  saveRunSummary,
  type Scenario,
  type ScenarioModule,
  shardOptionsFromEnv,
  type SkippedLeakCheck,
} from '../src/index.ts';
import type { SuiteConfig } from './config.ts';
import { suiteEnvironment } from './environment.ts';
import type { ResolvedEndpoint } from './resolve-endpoint.ts';

/** Seconds of unrecorded warm-up before each run. */
export const WARMUP_S = 1;

export interface RunEndpointOptions {
  config: SuiteConfig;
  baseUrl: string;
  endpoint: ResolvedEndpoint;
  /** The test's name (a sentence); names the results file. */
  scenarioName: string;
  /** The scenario's phase (`old users`, `new users`) when the endpoint runs in phases: the report's row `chat · new users`. */
  phase?: string;
  scenario: RequestSpec | Scenario | ScenarioModule;
  /** Stops the run early (test timeout, Ctrl-C); the partial summary is still saved. */
  signal?: AbortSignal;
  /** Annotations merged into `summary.extra` after the run (pool stats...). */
  extra?: () => Record<string, unknown>;
  /** Whether the simulator runs embedded (its `/metrics` is sampled by default). */
  embeddedSim?: boolean;
  /** Resource samplers; default `suiteSamplers(baseUrl, embeddedSim)`. */
  samplers?: ResourceSampler[];
}

/** Samplers `.env` asks for, or the embedded simulator's `/metrics`. */
export function suiteSamplers(baseUrl: string, embeddedSim: boolean): ResourceSampler[] {
  return samplersFromEnv(process.env, embeddedSim ? { defaultMetricsUrl: `${baseUrl}/metrics` } : {});
}

/**
 * Runs an endpoint with its profile's stages (judged on the steady hold), connections, timeout,
 * SLO, abort-on-fail, progress line and samplers, saves the summary under the run's results
 * folder and returns it. A leak-checked endpoint (create-session, chat) is followed by a cool-down
 * sampling memory; the verdict goes to `summary.extra.leak` (or `{ skipped, reason }`).
 */
export async function runEndpoint(o: RunEndpointOptions): Promise<RunSummary> {
  const { endpoint } = o;
  const samplers = o.samplers ?? suiteSamplers(o.baseUrl, o.embeddedSim ?? false);
  const progress = createProgressSink(endpoint.id, endpoint.durationS + WARMUP_S);
  const rw = remoteWriteFromEnv(process.env);
  const writer = rw
    ? new PrometheusRemoteWriter({ url: rw.url, ...(rw.authorization ? { authorization: rw.authorization } : {}), labels: { run_id: runId(), endpoint: endpoint.id, scenario: o.scenarioName, phase: o.phase } })
    : undefined;
  const load = (runSamplers: Sampler[]): Promise<RunSummary> =>
    runLoad({
      name: endpoint.id,
      baseUrl: o.baseUrl,
      scenario: o.scenario,
      model: { type: 'arrival-rate', stages: endpoint.stages },
      ...(o.config.arrivals.kind !== 'constant' ? { arrivals: o.config.arrivals } : {}),
      connections: endpoint.connections,
      timeoutMs: endpoint.timeoutMs,
      warmupS: WARMUP_S,
      judge: 'steady',
      abortOnFail: o.config.abortOnFail ? { errorRate: 0.5, windowS: 10, minRequests: 50 } : false,
      slo: endpoint.slo,
      maxDispatchLagMs: endpoint.maxDispatchLagMs,
      maxLateRatio: endpoint.maxLateRatio,
      onProgress: writer ? (p) => (progress(p), writer.onProgress(p)) : progress,
      samplers: runSamplers,
      ...(o.signal ? { signal: o.signal } : {}),
      ...shardOptionsFromEnv(process.env),
      trace: traceFromEnv(process.env),
    } satisfies RunLoadOptions);
  let summary: RunSummary;
  let leak: LeakVerdict | SkippedLeakCheck | undefined;
  try {
    if (endpoint.leakCheck) {
      ({ summary, leak } = await loadWithLeakCheck(endpoint, samplers, load, o.signal));
    } else {
      summary = await load(samplers);
    }
  } finally {
    progress.close();
  }
  const skipped = endpoint.skippedBounds.length ? { skippedBounds: endpoint.skippedBounds, skipReasons: endpoint.skipReasons } : {};
  const think = endpoint.think.kind === 'fixed' && endpoint.think.ms === 0 ? {} : { thinkTime: describeThinkTime(endpoint.think) };
  const remoteWrite = writer ? { prometheusRemoteWrite: await writer.finish(summary) } : {};
  const extra = { ...o.extra?.(), ...skipped, ...think, ...(leak ? { leak } : {}), ...remoteWrite };
  if (Object.keys(extra).length > 0) summary.extra = { ...summary.extra, ...extra };
  const meta = {
    endpoint: endpoint.id,
    route: endpoint.route,
    scenario: o.scenarioName,
    ...(o.phase ? { phase: o.phase } : {}),
    priority: endpoint.priority,
    targetRps: endpoint.holdRps,
    sse: endpoint.sse,
    profile: endpoint.profile.name,
    target: o.baseUrl,
  };
  // Saved before the environment is asked for (up to 2 s of requests and git): an interrupted
  // run's worker may be stopped meanwhile, and the run must survive it; then saved again with it.
  saveRunSummary(summary, meta);
  summary.environment = await suiteEnvironment(o.baseUrl, o.embeddedSim ?? false);
  saveRunSummary(summary, meta);
  // With PERF_REPEAT, every pass's run is kept (repeat/<k>/runs/) for perf compare.
  if (!summary.interrupted) saveRepeatedRun(summary, meta);
  return summary;
}

/**
 * The load between a memory baseline and a cool-down (`runLeakCheck` on the first sampler giving
 * memory). A leak check that cannot judge (no memory value sampled) leaves a skip with its reason
 * and never loses the run's summary.
 */
async function loadWithLeakCheck(
  endpoint: ResolvedEndpoint,
  samplers: ResourceSampler[],
  load: (samplers: Sampler[]) => Promise<RunSummary>,
  signal: AbortSignal | undefined,
): Promise<{ summary: RunSummary; leak: LeakVerdict | SkippedLeakCheck }> {
  const skipReason = endpoint.skipReasons['leak'];
  const memory = samplers[0];
  if (skipReason !== undefined || !memory) {
    return { summary: await load(samplers), leak: { skipped: true, reason: skipReason ?? 'no resource sampler' } };
  }
  const others = samplers.slice(1);
  let summary: RunSummary | undefined;
  try {
    const { verdict } = await runLeakCheck({
      sampler: memory,
      cooldownS: endpoint.cooldownS,
      rule: leakSettingsFromEnv().rule,
      ...(signal ? { signal } : {}),
      load: async (view) => (summary = await load([view, ...others])),
    });
    return { summary: summary!, leak: verdict };
  } catch (err) {
    if (!summary) throw err;
    return { summary, leak: { skipped: true, reason: (err as Error).message } };
  } finally {
    await memory.stop();
  }
}
