// Public entry: named exports only (no `export *`). Add lines, never overwrite.
export { redact, redactDeep, isSecretKey } from './report/redact.ts';
export { saveRunSummary, loadRunDir, runDir, runId, readRunFile } from './result/store.ts';
export type { RunMeta, StoredRun } from './result/store.ts';
export { createProgressSink, resolveProgressMode } from './report/progress.ts';
export type { ProgressSink, ProgressMode } from './report/progress.ts';
export { PerfReporter } from './report/vitest-reporter.ts';
export type { PerfReporterOptions } from './report/vitest-reporter.ts';
export { writeSuiteReports } from './report/write-reports.ts';
export type { WriteReportsOptions, WrittenReports } from './report/write-reports.ts';
export { buildSuiteReport } from './report/suite-report.ts';
export type { SuiteReport, ReportTest, TestInfo, HeadlineMetrics, Verdict } from './report/suite-report.ts';
export type { CapacityReport, CapacityReportStep } from './report/capacity.ts';
export { renderMarkdown } from './report/markdown.ts';
export { renderHtml } from './report/html.ts';
export { renderJunit } from './report/junit.ts';
export { compareRuns, loadComparable, DEFAULT_THRESHOLDS } from './report/compare.ts';
export type { CompareThresholds, CompareResult } from './report/compare.ts';
export { evaluateSlo, MIN_SAMPLES } from './slo/evaluate.ts';
export { sloSchema, latencyBoundsSchema, parseSlo, mergeSlo, formatZodIssues } from './slo/schema.ts';
export { parseSloExpression } from './slo/expression.ts';
export { formatSloResult, formatSloCheck, formatValue } from './slo/format.ts';
export type { FormatSloOptions } from './slo/format.ts';
export { registerMatchers, sloMatchers, toMeetSlo, toHaveP95Below, toHaveErrorRateBelow } from './slo/matchers.ts';
export type { Slo, LatencyBounds } from './slo/types.ts';
export { runLoad } from './load/run-load.ts';
export { runLoadOptionsSchema, resolveOptions, MAX_RUN_S, MAX_WARMUP_S, MAX_THINK_TIME_MS } from './load/options.ts';
export { planLoad } from './load/plan.ts';
export type { LoadPlan, PlannedStage } from './load/plan.ts';
export { runSummarySchema, parseRunSummary } from './result/schema.ts';
export { readJsonFile, MAX_JSON_BYTES } from './result/read.ts';
export { assertTargetAllowed, isLoopbackHost, parseAllowHosts, ALLOW_HOSTS_VAR } from './http/target-guard.ts';
export type { TargetGuardOptions } from './http/target-guard.ts';
export type { ResolvedOptions } from './load/options.ts';
export { RateSchedule, steadyWindow } from './load/rate-schedule.ts';
export type {
  AbortOnFail,
  ArrivalRateModel,
  ConcurrencyModel,
  IterationContext,
  LoadModel,
  Progress,
  RunLoad,
  RunLoadOptions,
  Sampler,
  Scenario,
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
export {
  createHistogram,
  decodeHistogram,
  digest,
  digestEncoded,
  encodeHistogram,
  mergeDistributions,
  mergeHistograms,
  recordMs,
  EMPTY_DISTRIBUTION,
} from './metrics/histogram.ts';
export type { Histogram } from './metrics/histogram.ts';
export { ERROR_KINDS, OUTCOMES, outcomeOf, statusErrorKind } from './core/outcome.ts';
export type { ErrorKind, Outcome } from './core/outcome.ts';
export {
  ConfigError,
  ERROR_CODES,
  PerfError,
  ResultsError,
  SetupError,
  TargetUnreachableError,
  isPerfError,
} from './core/errors.ts';
export type { PerfErrorCode } from './core/errors.ts';
export { runCli } from './cli/main.ts';
export type { SuiteSource } from './cli/main.ts';
export { EXIT, memoryIo } from './cli/io.ts';
export type { CliIo } from './cli/io.ts';
export { runRunCommand, writeSummaryJson } from './cli/run.ts';
export type { RunCommandDeps } from './cli/run.ts';
export { formatSummary, formatDistribution } from './cli/format-summary.ts';
export { loadEnvFile, readEnv, envNumber, envBoolean, validateDotenvText } from './core/env.ts';
export type { LoadEnvOptions, LoadedEnv } from './core/env.ts';
export { checkReachable } from './cli/preflight.ts';
export { createPrometheusTextSampler, prometheusTextSamplerSchema } from './resources/text-sampler.ts';
export type { PrometheusTextSamplerOptions } from './resources/text-sampler.ts';
export { createPrometheusQuerySampler, prometheusQuerySamplerSchema } from './resources/query-sampler.ts';
export type { PrometheusQuerySamplerOptions } from './resources/query-sampler.ts';
export { samplersFromEnv } from './resources/env.ts';
export type { ResourceSampler } from './resources/poller.ts';
export type { ResourceReading, ResourceStat, ResourceSummary } from './resources/readings.ts';
export { runLeakCheck, judgeLeak, leakVerdictFromReadings, leakSettingsFromEnv, LEAK_METRIC_PREFERENCE } from './resources/leak-check.ts';
export type { LeakCheckOptions, LeakRule, LeakVerdict } from './resources/leak-check.ts';
export { registerLeakMatchers, memoryNotReleasedMessage } from './resources/leak-matcher.ts';
export type { SkippedLeakCheck } from './resources/leak-matcher.ts';
export { runCapacity, capacitySearchSchema } from './capacity/run.ts';
export type { CapacityOptions, CapacitySearchSettings } from './capacity/run.ts';
export type { CapacityResult, CapacityStep, CapacityStop } from './capacity/types.ts';
export { runCapacityCommand, CAPACITY_HELP } from './cli/capacity.ts';
export type { CapacityCommandDeps } from './cli/capacity.ts';
export { formatCapacityResult, formatCapacityTable, capacityMarkdown } from './capacity/format.ts';
export { mergeSummaries } from './merge/merge-summaries.ts';
export { mergeTimelines } from './merge/merge-timeline.ts';
export { groupMergeInputs, loadMergeInputs, type MergeGroup, type MergeInput } from './merge/inputs.ts';
export type { ShardInfo, ShardSpec } from './shard/types.ts';
