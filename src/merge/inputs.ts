import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ResultsError } from '../core/errors.ts';
import { readRunFile, runFileName, type RunMeta } from '../result/store.ts';
import { readJsonFile } from '../result/read.ts';
import { parseRunSummary } from '../result/schema.ts';
import type { RunSummary } from '../result/types.ts';
import { canonicalJson } from '../shard/identity.ts';
import { checkMergeInput } from './check-input.ts';

/** One summary given to `perf merge`: a `perf run --json` file, or a stored run of a results folder. */
export interface MergeInput {
  file: string;
  summary: RunSummary;
  /** Present for the stored runs of a results folder (`{ meta, summary }`). */
  meta?: RunMeta;
}

/** The inputs of one run: its shards (or the one unsharded summary). */
export interface MergeGroup {
  key: string;
  inputs: MergeInput[];
}

function readInput(file: string): MergeInput {
  const value = readJsonFile(file, '');
  if (value !== null && typeof value === 'object' && 'meta' in value && 'summary' in value) {
    const stored = readRunFile(file);
    checkMergeInput(stored.file, stored.summary, true);
    return { file: stored.file, summary: stored.summary, meta: stored.meta };
  }
  const parsed = parseRunSummary(value);
  if (!parsed.ok) throw new ResultsError(`${file} is not a valid run summary: ${parsed.error}`);
  checkMergeInput(resolve(file), parsed.summary, false);
  return { file: resolve(file), summary: parsed.summary };
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.json')).sort().map((n) => join(dir, n));
}

/**
 * Reads every input: a file is a run summary or a stored run; a folder is a results folder of the
 * suite (`<dir>/runs/*.json`) or a folder of run summaries (`<dir>/*.json`, `summary.json` and
 * `capacity.json` aside). Every file goes through the run-summary schema, the 128 MiB cap of
 * `readJsonFile` and the consistency checks of `checkMergeInput`. Throws `ResultsError` naming the file.
 */
export function loadMergeInputs(paths: readonly string[]): MergeInput[] {
  const out: MergeInput[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      throw new ResultsError(`cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
    }
    if (!isDir) {
      out.push(readInput(p));
      continue;
    }
    const runsDir = join(p, 'runs');
    const files = safeIsDir(runsDir)
      ? jsonFiles(runsDir)
      : jsonFiles(p).filter((f) => !/[\\/](summary|capacity)\.json$/.test(f));
    if (files.length === 0) throw new ResultsError(`no results in ${p} (expected runs/*.json or run summaries *.json)`);
    for (const f of files) out.push(readInput(f));
  }
  return out;
}

function safeIsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Which run an input belongs to: its stored file name (endpoint and scenario), else its name. */
function runKey(i: MergeInput): string {
  return i.meta ? runFileName(i.meta) : `run "${i.summary.name}"`;
}

const files = (list: readonly MergeInput[]): string => list.map((i) => i.file).join(', ');

/**
 * Groups the inputs by run and checks each group: one unsharded summary, or every shard of one
 * global schedule exactly once, all with the same shard count, schedule, start instant, target and
 * SLO, and no two holding the same samples (a copy of one shard relabelled as another). Throws
 * `ResultsError` naming the files.
 */
export function groupMergeInputs(inputs: readonly MergeInput[]): MergeGroup[] {
  const groups = new Map<string, MergeInput[]>();
  for (const i of inputs) {
    const k = runKey(i);
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  }
  const out: MergeGroup[] = [];
  for (const [key, list] of groups) {
    checkGroup(key, list);
    const sorted = [...list].sort((a, b) => (a.summary.shard?.index ?? 0) - (b.summary.shard?.index ?? 0));
    out.push({ key, inputs: sorted });
  }
  return out;
}

function checkGroup(key: string, list: readonly MergeInput[]): void {
  const sharded = list.filter((i) => i.summary.shard !== undefined);
  if (sharded.length === 0) {
    if (list.length > 1) throw new ResultsError(`${key} given twice, and neither is a shard (no --shard): ${files(list)}`);
    return;
  }
  if (sharded.length !== list.length) {
    throw new ResultsError(`${key}: shard and unsharded summaries mixed: ${files(list)}`);
  }
  const first = sharded[0]!;
  const s0 = first.summary.shard!;
  const same = (what: string, get: (i: MergeInput) => string): void => {
    const differ = sharded.filter((i) => get(i) !== get(first));
    if (differ.length > 0) {
      throw new ResultsError(`${key}: different ${what}: ${first.file} has ${get(first)}, ${differ[0]!.file} has ${get(differ[0]!)}; only the shards of one run merge`);
    }
  };
  same('shard counts', (i) => String(i.summary.shard!.count));
  same('schedules', (i) => `schedule ${i.summary.shard!.schedule}`);
  same('targets', (i) => `"${i.summary.shard!.target}"`);
  same('SLOs', (i) => canonicalJson(i.summary.shard!.slo));
  same('start times', (i) => i.summary.shard!.startAt);
  const byIndex = new Map<number, MergeInput>();
  for (const i of sharded) {
    const idx = i.summary.shard!.index;
    const seen = byIndex.get(idx);
    if (seen) throw new ResultsError(`${key}: shard ${idx}/${s0.count} given twice: ${seen.file}, ${i.file}`);
    byIndex.set(idx, i);
  }
  const missing: string[] = [];
  for (let idx = 0; idx < s0.count; idx++) if (!byIndex.has(idx)) missing.push(`${idx}/${s0.count}`);
  if (missing.length > 0) throw new ResultsError(`${key}: missing shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (given: ${files(sharded)})`);
  const bySamples = new Map<string, MergeInput>();
  for (const i of sharded) {
    const fp = samplesFingerprint(i.summary);
    if (fp === undefined) continue;
    const seen = bySamples.get(fp);
    if (seen) {
      throw new ResultsError(
        `${key}: ${seen.file} (shard ${seen.summary.shard!.index}/${s0.count}) and ${i.file} (shard ${i.summary.shard!.index}/${s0.count}) hold the same samples: one is a copy of the other, not a shard of its own`,
      );
    }
    bySamples.set(fp, i);
  }
}

/**
 * What only one shard's own requests give: its judged histograms when it measured any (two shards
 * never record identical ones), else the whole summary but its shard index; undefined for a shard
 * that scheduled nothing (shards stopped before recording are alike, and add nothing).
 */
function samplesFingerprint(s: RunSummary): string | undefined {
  if (s.latencyMs.count + (s.failedLatencyMs?.count ?? 0) > 0 && Object.keys(s.histograms).length > 0) return `h:${canonicalJson(s.histograms)}`;
  if (s.whole.requests.scheduled === 0) return undefined;
  return `s:${canonicalJson({ ...s, shard: { ...s.shard, index: undefined } })}`;
}
