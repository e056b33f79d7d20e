// Public entry: named exports only (no `export *`). Add lines, never overwrite.
export { redact, redactDeep, isSecretKey } from './report/redact.ts';
export { saveRunSummary, loadRunDir, runDir, runId, readRunFile } from './result/store.ts';
export type { RunMeta, StoredRun } from './result/store.ts';
export { repeatFromEnv, saveRepeatedRun } from './suite/repeat.ts';
export { createProgressSink, resolveProgressMode } from './report/progress.ts';
export type { ProgressSink, ProgressMode } from './report/progress.ts';
export { PerfReporter } from './report/vitest-reporter.ts';
export type { PerfReporterOptions } from './report/vitest-reporter.ts';
export { writeSuiteReports } from './report/write-reports.ts';
export type { WriteReportsOptions, WrittenReports } from './report/write-reports.ts';
export type { SuiteReport, ReportTest, TestInfo, HeadlineMetrics, Verdict } from './report/suite-report.ts';
export type { CapacityReport, CapacityReportStep } from './report/capacity.ts';
export { compareRuns, loadComparable, DEFAULT_THRESHOLDS } from './report/compare.ts';
export type { CompareThresholds, CompareResult } from './report/compare.ts';
export { evaluateSlo, MIN_SAMPLES } from './slo/evaluate.ts';
export { sloSchema, latencyBoundsSchema, parseSlo, mergeSlo } from './slo/schema.ts';
export { parseSloExpression } from './slo/expression.ts';
export { formatSloResult } from './slo/format.ts';
export type { FormatSloOptions } from './slo/format.ts';
export { registerMatchers, sloMatchers, toMeetSlo, toHaveP95Below, toHaveErrorRateBelow } from './slo/matchers.ts';
export type { Slo, LatencyBounds } from './slo/types.ts';
export { runLoad } from './load/run-load.ts';
export { runLoadOptionsSchema, MAX_RUN_S, MAX_WARMUP_S, MAX_THINK_TIME_MS, MAX_RATE_PER_S, MIN_RATE_PER_S } from './load/options.ts';
export { runSummarySchema, parseRunSummary } from './result/schema.ts';
export { assertTargetAllowed, isLoopbackHost, parseAllowHosts, ALLOW_HOSTS_VAR } from './http/target-guard.ts';
export type { TargetGuardOptions } from './http/target-guard.ts';
export type {
  AbortOnFail,
  ArrivalRateModel,
  ConcurrencyModel,
  GeneratorIdentity,
  IterationContext,
  LoadModel,
  Progress,
  RunLoad,
  RunLoadOptions,
  Sampler,
  Scenario,
  ScenarioFactory,
  ScenarioModule,
  Stage,
} from './load/types.ts';
export type {
  CheckInput,
  MultipartField,
  RequestResult,
  RequestSpec,
  ResponseCheck,
  ApiError,
  CheckVerdict,
  EventCheck,
  SseEvent,
} from './http/types.ts';
export { SseParser } from './http/sse.ts';
export { TraceStamper, parseTracestate } from './http/trace.ts';
export type { TraceOptions } from './http/trace.ts';
export { traceFromEnv, traceUrlFromEnv } from './http/trace-env.ts';
export { PrometheusRemoteWriter } from './export/prometheus-rw.ts';
export type { RemoteWriteOptions, RemoteWriteReport } from './export/prometheus-rw.ts';
export { parseRemoteWriteUrl, remoteWriteFromEnv } from './export/remote-write-env.ts';
export type { RemoteWriteTarget } from './export/remote-write-env.ts';
export { buildMultipart } from './http/multipart.ts';
export type {
  Distribution,
  GeneratorHealth,
  RequestCounts,
  RunSummary,
  SizeDistribution,
  SloCheck,
  SloResult,
  StepSummary,
  StreamSummary,
  TimelineEntry,
} from './result/types.ts';
export { createHistogram, digest, mergeDistributions, recordMs, EMPTY_DISTRIBUTION } from './metrics/histogram.ts';
export type { Histogram } from './metrics/histogram.ts';
export { ERROR_KINDS, OUTCOMES } from './core/outcome.ts';
export type { ErrorKind, Outcome } from './core/outcome.ts';
export {
  ConfigError,
  ERROR_CODES,
  InterruptedError,
  PerfError,
  ResultsError,
  SetupError,
  TargetUnreachableError,
  isPerfError,
} from './core/errors.ts';
export type { PerfErrorCode } from './core/errors.ts';
export { loadEnvFile, readEnv, envNumber, envBoolean } from './core/env.ts';
export type { LoadEnvOptions, LoadedEnv } from './core/env.ts';
export { createPrometheusTextSampler, prometheusTextSamplerSchema } from './resources/text-sampler.ts';
export type { PrometheusTextSamplerOptions } from './resources/text-sampler.ts';
export { createPrometheusQuerySampler, prometheusQuerySamplerSchema } from './resources/query-sampler.ts';
export type { PrometheusQuerySamplerOptions } from './resources/query-sampler.ts';
export { samplersFromEnv } from './resources/env.ts';
export type { ResourceSampler } from './resources/poller.ts';
export type { ResourceReading, ResourceStat, ResourceSummary } from './resources/readings.ts';
export { runLeakCheck, leakSettingsFromEnv, LEAK_METRIC_PREFERENCE } from './resources/leak-check.ts';
export type { LeakCheckOptions, LeakRule, LeakVerdict } from './resources/leak-check.ts';
export { registerLeakMatchers } from './resources/leak-matcher.ts';
export type { SkippedLeakCheck } from './resources/leak-matcher.ts';
export { runCapacity, capacitySearchSchema } from './capacity/run.ts';
export type { CapacityOptions, CapacitySearchSettings } from './capacity/run.ts';
export type { CapacityResult, CapacityStep, CapacityStop } from './capacity/types.ts';
export type { ShardInfo, ShardSpec } from './shard/types.ts';

// Used by the suite, the simulator and the benches.
export { ENGINE_SETTINGS, assertKnownSettings, closestName } from './core/settings.ts';
export { assertCliEnv, assertEngineEnv } from './cli/engine-env.ts';
// The `pnpm perf` command (bin/perf.ts).
export { runCli } from './cli/main.ts';
export type { CliIo } from './cli/io.ts';
export { checkReportOutputs } from './report/check-outputs.ts';
export type { SettingDef } from './core/settings.ts';
export { MAX_CONTENT_CHARS } from './http/body-limits.ts';
export { NO_THINK, describeThinkTime, parseThinkTime, seedOf, thinkSampler } from './load/think.ts';
export type { ThinkTime } from './load/think.ts';
export { arrivalsSummary, describeArrivals, parseArrivals, parseSeed } from './load/arrivals.ts';
export type { Arrivals, ArrivalsSummary } from './load/arrivals.ts';
export { countOutputTokens } from './metrics/tokens.ts';
export { parseKeyValueList } from './resources/env.ts';
export { toReleaseMemory } from './resources/leak-matcher.ts';
export { createPolledSampler } from './resources/poller.ts';
export { collectEnvironment } from './result/environment.ts';
export type { RunEnvironment } from './result/environment.ts';
export { shardOptionsFromEnv } from './shard/env.ts';
export { checkStartWait, MAX_START_WAIT_S } from './shard/start.ts';
export { MIN_RATE_ITERATIONS, pruneUnjudgeableRate, pruneUnmeasurable, unmeasurableBounds, type MeasurableBy } from './slo/measurable.ts';
export type { GoodputBounds } from './slo/types.ts';
export { cancelRunOnSignals, interruptibleSignal, isRelayedSignal, processInterruption } from './suite/interrupt.ts';
export type { SignalGuard } from './suite/interrupt.ts';
export type { SuiteEndpoint, SuitePlugin } from './suite/types.ts';
export { weightedPicker, isJourneyMix } from './load/journeys.ts';
export type { Journey, JourneyMix } from './load/journeys.ts';
export { stepChecks } from './slo/steps.ts';
export type { StepSlo } from './slo/steps.ts';
export { DEGRADATION_WINDOW_S, DEGRADATION_MIN_REQUESTS } from './metrics/step-watch.ts';
export type { JourneySummary, StepDegradation } from './result/types.ts';
