import { basename } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Scenario } from '../src/index.ts';
import { buildScenario, type EndpointDef, type ScenarioDef } from './endpoint.ts';
import { EFFECTS, type Effect, type Priority } from './priority-effects.ts';
import type { ResolvedEndpoint } from './resolve-endpoint.ts';
import { isScenarioSkip } from './scenario-skip.ts';
import type { SuiteContext } from './suite-context.ts';

/** What decides whether an endpoint's scenarios run: the target, `PERF_ALLOW_EFFECTS`, `PERF_PRIORITY`. */
export interface RunFilter {
  /** The target is the simulator the suite started itself (no effect reaches the outside world). */
  embedded: boolean;
  /** `PERF_ALLOW_EFFECTS`: effects allowed against any other target. @default [] */
  allowEffects: readonly Effect[];
  /** `PERF_PRIORITY`: the priorities that run. @default undefined: all */
  priorities: readonly Priority[] | undefined;
}

/**
 * Why `def` must not run under `filter` (one line naming the setting that would let it), or
 * `undefined` when it runs: a priority `PERF_PRIORITY` leaves out (any target), or, against any
 * target but the embedded simulator, an effect `PERF_ALLOW_EFFECTS` does not allow.
 */
export function skipReason(def: Pick<EndpointDef, 'priority' | 'effects'>, filter: RunFilter): string | undefined {
  if (filter.priorities && !filter.priorities.includes(def.priority)) return `${def.priority}, not selected by PERF_PRIORITY=${filter.priorities.join(',')}`;
  if (filter.embedded) return undefined;
  const blocked = def.effects.filter((e) => !filter.allowEffects.includes(e));
  if (blocked.length === 0) return undefined;
  const what = blocked.map((e) => `${EFFECTS[e]} (effect "${e}")`).join(' and ');
  const allow = [...new Set([...filter.allowEffects, ...def.effects])].join(',');
  return `it ${what} on a real deployment: skipped against a target other than the embedded simulator; PERF_ALLOW_EFFECTS=${allow} allows it`;
}

/** The filter of a run against `suite`'s configuration; `embedded`: its target is the simulator the suite started. */
export function runFilter(config: Pick<RunFilter, 'allowEffects' | 'priorities'>, embedded: boolean): RunFilter {
  return { embedded, allowEffects: config.allowEffects, priorities: config.priorities };
}

/**
 * `scenario` of `def` built against `suite` (its set-up runs now), or why it is skipped: a skipped
 * scenario sends nothing, not even its set-up (logins, seeding). `resolve` gives the resolved
 * definition its kit is made for, only when it runs.
 */
export async function prepareScenario(
  def: Pick<EndpointDef, 'priority' | 'effects'>,
  scenario: ScenarioDef,
  suite: SuiteContext,
  target: { embedded: boolean; resolve: () => ResolvedEndpoint },
): Promise<{ skip: string } | { scenario: Scenario }> {
  const skip = skipReason(def, runFilter(suite.config, target.embedded));
  if (skip !== undefined) return { skip };
  try {
    return { scenario: await buildScenario(scenario, suite.kit(target.resolve())) };
  } catch (err) {
    // A set-up that lacks a setting against this target (PERF_REGISTER_CODE) sent nothing.
    if (isScenarioSkip(err)) return { skip: err.message };
    throw err;
  }
}

/**
 * Whether a perf run may send anything: false when every perf file it selected (`pnpm test:perf
 * <filter>`) is an endpoint of `defs` that `filter` skips, so that the global set-up then sends no
 * request either (no reachability check). Unknown files, or a selection it cannot read, may run.
 */
export async function selectionRuns(project: Pick<TestProject, 'globTestFiles'> & { vitest?: unknown }, defs: readonly EndpointDef[], filter: RunFilter): Promise<boolean> {
  let files: string[];
  try {
    const filters = (project.vitest as { filenamePattern?: string[] } | undefined)?.filenamePattern;
    files = (await project.globTestFiles(filters)).testFiles;
  } catch {
    return true;
  }
  return files.length === 0 || files.some((file) => {
    const def = defs.find((d) => d.id === basename(file).replace(/\.perf\.[cm]?[jt]s$/, ''));
    return def === undefined || skipReason(def, filter) === undefined;
  });
}
