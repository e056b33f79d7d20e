// Public entry: named exports only (no `export *`). Add lines, never overwrite.
export { redact, redactDeep, isSecretKey } from './report/redact.ts';
export { saveRunSummary, loadRunDir, runDir, runId, readRunFile } from './report/results-store.ts';
export type { RunMeta, StoredRun } from './report/results-store.ts';
export { createProgressSink, resolveProgressMode } from './report/progress.ts';
export type { ProgressSink, ProgressMode } from './report/progress.ts';
