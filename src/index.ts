// Public entry: named exports only (no `export *`). Add lines, never overwrite.
export { redact, redactDeep, isSecretKey } from './report/redact.ts';
export { saveRunSummary, loadRunDir, runDir, runId, readRunFile } from './report/results-store.ts';
export type { RunMeta, StoredRun } from './report/results-store.ts';
export { createProgressSink, resolveProgressMode } from './report/progress.ts';
export type { ProgressSink, ProgressMode } from './report/progress.ts';
export { evaluateSlo, MIN_SAMPLES } from './slo/evaluate.ts';
export { sloSchema, latencyBoundsSchema, parseSlo, mergeSlo, formatZodIssues } from './slo/schema.ts';
export { parseSloExpression } from './slo/expression.ts';
export { formatSloResult, formatSloCheck, formatValue } from './slo/format.ts';
export type { FormatSloOptions } from './slo/format.ts';
export { registerMatchers, sloMatchers, toMeetSlo, toHaveP95Below, toHaveErrorRateBelow } from './slo/matchers.ts';
export type { Slo, LatencyBounds } from './slo/types.ts';
