import type { RequestSpec } from '../src/http/types.ts';
import type { Sampler, Scenario } from '../src/load/types.ts';
import type { RunSummary } from '../src/result/types.ts';
import { runLoad } from '../src/index.ts';
import { saveRunSummary } from '../src/report/results-store.ts';
import { createProgressSink } from '../src/report/progress.ts';
import { samplersFromEnv } from '../src/resources/env.ts';
import type { SuiteConfig } from './config.ts';
import type { ResolvedEndpoint } from './resolve-endpoint.ts';

/** Seconds of unrecorded warm-up before each run. */
export const WARMUP_S = 1;

export interface RunEndpointOptions {
  config: SuiteConfig;
  baseUrl: string;
  endpoint: ResolvedEndpoint;
  /** The test's name (a sentence); names the results file. */
  scenarioName: string;
  scenario: RequestSpec | Scenario;
  /** Stops the run early (test timeout, Ctrl-C); the partial summary is still saved. */
  signal?: AbortSignal;
  /** Annotations merged into `summary.extra` after the run (pool stats...). */
  extra?: () => Record<string, unknown>;
  /** Whether the simulator runs embedded (its `/metrics` is sampled by default). */
  embeddedSim?: boolean;
}

/** Samplers `.env` asks for, or the embedded simulator's `/metrics`. */
export function suiteSamplers(baseUrl: string, embeddedSim: boolean): Sampler[] {
  return samplersFromEnv(process.env, embeddedSim ? { defaultMetricsUrl: `${baseUrl}/metrics` } : {});
}

/**
 * Runs an endpoint with its profile's stages (judged on the steady hold), connections, timeout,
 * SLO, abort-on-fail, progress line and samplers, saves the summary under the run's results
 * folder and returns it.
 */
export async function runEndpoint(o: RunEndpointOptions): Promise<RunSummary> {
  const { endpoint } = o;
  const progress = createProgressSink(endpoint.id, endpoint.durationS + WARMUP_S);
  let summary: RunSummary;
  try {
    summary = await runLoad({
      name: endpoint.id,
      baseUrl: o.baseUrl,
      scenario: o.scenario,
      model: { type: 'arrival-rate', stages: endpoint.stages },
      connections: endpoint.connections,
      timeoutMs: endpoint.timeoutMs,
      warmupS: WARMUP_S,
      judge: 'steady',
      abortOnFail: o.config.abortOnFail ? { errorRate: 0.5, windowS: 10, minRequests: 50 } : false,
      slo: endpoint.slo,
      maxDispatchLagMs: endpoint.maxDispatchLagMs,
      maxLateRatio: endpoint.maxLateRatio,
      onProgress: progress,
      samplers: suiteSamplers(o.baseUrl, o.embeddedSim ?? false),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  } finally {
    progress.close();
  }
  const extra = { ...o.extra?.(), ...(endpoint.skippedBounds.length ? { skippedBounds: endpoint.skippedBounds } : {}) };
  if (extra && Object.keys(extra).length > 0) summary.extra = { ...summary.extra, ...extra };
  saveRunSummary(summary, {
    endpoint: endpoint.id,
    route: endpoint.route,
    scenario: o.scenarioName,
    targetRps: endpoint.holdRps,
    sse: endpoint.sse,
    profile: endpoint.profile.name,
    target: o.baseUrl,
  });
  return summary;
}
