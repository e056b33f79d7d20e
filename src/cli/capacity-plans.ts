import { ConfigError } from '../core/errors.ts';
import type { RequestSpec } from '../http/types.ts';
import type { Sampler } from '../load/types.ts';
import type { CapacitySearchSettings } from '../capacity/run.ts';
import { redact } from '../report/redact.ts';
import { samplersFromEnv } from '../resources/env.ts';
import { parseSloExpression } from '../slo/expression.ts';
import type { Slo } from '../slo/types.ts';
import type { SuiteEndpoint, SuitePhase, SuitePlugin } from '../suite/types.ts';
import { numberFlag, parseSearchFlags, REQUEST_FLAGS, searchSettings } from './capacity-flags.ts';
import type { CliIo } from './io.ts';
import { checkReachable } from './preflight.ts';
import { toRunLoadOptions } from './run-load-options.ts';
import { parseRunArgs } from './run-options.ts';
import { checkRunTarget } from './run-plan.ts';

/** One search to run: an endpoint of the suite (or one of its phases), or the `--url` request. */
export interface CapacityPlan {
  name: string;
  route: string;
  baseUrl?: string;
  scenario: RequestSpec | undefined;
  endpoint?: SuiteEndpoint;
  /** The endpoint's phase searched (an id of `endpoint.phases`). */
  phase?: string;
  slo: Slo;
  connections?: number;
  timeoutMs?: number;
  search: CapacitySearchSettings;
}

export interface CapacityPlans {
  plans: CapacityPlan[];
  samplers: Sampler[];
  /** Stops what the suite started for the searches. */
  stopSuite?: () => Promise<void>;
}

/**
 * The searches of `endpoints`: each phase of an endpoint that runs in phases, else the endpoint.
 * `--phase ID` keeps that phase of the phased endpoints (and drops the others unless `named`,
 * where an endpoint without that phase is an error).
 */
function choosePhases(endpoints: SuiteEndpoint[], phase: string | undefined, named: boolean): { e: SuiteEndpoint; phase?: SuitePhase }[] {
  if (phase === undefined) return endpoints.flatMap((e) => (e.phases?.length ? e.phases.map((p) => ({ e, phase: p })) : [{ e }]));
  const known = [...new Set(endpoints.flatMap((e) => (e.phases ?? []).map((p) => p.id)))];
  if (!known.includes(phase)) {
    throw new ConfigError(known.length ? `--phase: expected ${known.join(' or ')}, got "${phase}"` : `--phase: none of these endpoints runs in phases (got "${phase}")`);
  }
  const without = endpoints.filter((e) => !e.phases?.some((p) => p.id === phase));
  if (named && without.length > 0) throw new ConfigError(`--phase ${phase}: ${without.map((e) => e.id).join(', ')} has no such phase`);
  return endpoints.flatMap((e) => e.phases?.filter((p) => p.id === phase).map((p) => ({ e, phase: p })) ?? []);
}

/**
 * The searches `perf capacity` was asked for, from its parsed flags: the `--url` request (checked
 * and reached as `perf run` would) or the suite's endpoints named (all when none), the suite
 * started. `null` when `--help` was asked. Throws `ConfigError` naming the flag.
 */
export async function planCapacity(values: Record<string, unknown>, positionals: string[], io: CliIo, suite: SuitePlugin | undefined): Promise<CapacityPlans | null> {
  const env = io.env ?? process.env;
  const search = parseSearchFlags(values);
  const sloFlag = typeof values.slo === 'string' ? parseSloExpression(values.slo, '--slo') : undefined;

  if (values.url !== undefined) {
    if (positionals.length > 0) throw new ConfigError(`perf capacity: give either endpoints (${positionals.join(' ')}) or --url, not both`);
    if (values.phase !== undefined) throw new ConfigError('--phase: only used for the suite\'s endpoints, not with --url');
    for (const f of ['start', 'step', 'max'] as const) {
      if (search[f] === undefined) throw new ConfigError(`--${f}: required with --url (e.g. --start 10 --step 10 --max 200)`);
    }
    if (!sloFlag) throw new ConfigError(`--slo: required with --url, e.g. --slo 'p95<100,errors<0.01'`);
    const shared: string[] = ['--rate', '1', '--duration', '1'];
    for (const f of REQUEST_FLAGS) {
      const v = values[f];
      if (v === undefined || f === 'slo') continue;
      if (Array.isArray(v)) for (const x of v) shared.push(`--${f}`, String(x));
      else if (typeof v === 'boolean') shared.push(v ? `--${f}` : `--no-${f}`);
      else shared.push(`--${f}`, String(v));
    }
    const parsed = parseRunArgs(shared);
    if (parsed.help) return null;
    const o = parsed.options;
    checkRunTarget(o, env);
    const scenario = toRunLoadOptions(o).scenario as RequestSpec;
    if (values.preflight !== false) await checkReachable(o.url, Math.min(3000, o.timeoutS * 1000), io.signal);
    const plan: CapacityPlan = {
      name: o.name,
      route: `${o.method} ${redact(o.url.href)}`,
      scenario,
      slo: sloFlag,
      ...(o.connections !== undefined ? { connections: o.connections } : {}),
      timeoutMs: o.timeoutS * 1000,
      search: searchSettings(search, search.start ?? 1),
    };
    return { plans: [plan], samplers: samplersFromEnv(env) };
  }

  if (!suite) throw new ConfigError('perf capacity: no suite is available here; give --url URL to search one endpoint');
  for (const f of ['method', 'header', 'body', 'sse', 'connections', 'name'] as const) {
    if (values[f] !== undefined) throw new ConfigError(`--${f}: only used with --url`);
  }
  const all = suite.endpoints();
  const unknown = positionals.filter((id) => !all.some((e) => e.id === id));
  if (unknown.length > 0) {
    throw new ConfigError(`perf capacity: unknown endpoint ${unknown.join(', ')} (known: ${all.map((e) => e.id).join(', ')})`);
  }
  const picked = choosePhases(positionals.length > 0 ? all.filter((e) => positionals.includes(e.id)) : all, values.phase as string | undefined, positionals.length > 0);
  const timeoutS = numberFlag('timeout', values.timeout as string | undefined, { gt: 0 });
  // An endpoint the suite says must not run here is skipped before the suite starts: no request at all.
  const skipped = [...new Map(picked.filter(({ e }) => e.skipReason !== undefined).map(({ e }) => [e.id, `${e.id}: skipped: ${e.skipReason}`])).values()];
  const chosen = picked.filter(({ e }) => e.skipReason === undefined);
  if (chosen.length === 0 && skipped.length > 0) throw new ConfigError(skipped.join('; '));
  for (const line of skipped) io.stderr(`perf capacity: ${line}`);
  const stopSuite = suite.start ? await suite.start() : undefined;
  const plans = chosen.map(({ e, phase }): CapacityPlan => ({
    name: phase ? `${e.id} · ${phase.label}` : e.id,
    route: e.route,
    baseUrl: suite.baseUrl(),
    scenario: undefined,
    endpoint: e,
    ...(phase ? { phase: phase.id } : {}),
    slo: sloFlag ?? e.slo,
    ...(timeoutS !== undefined ? { timeoutMs: timeoutS * 1000 } : {}),
    search: searchSettings(search, e.targetRps),
  }));
  return { plans, samplers: suite.samplers?.() ?? samplersFromEnv(env), ...(stopSuite ? { stopSuite } : {}) };
}
