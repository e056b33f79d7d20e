import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ConfigError, ResultsError, TargetUnreachableError, isPerfError } from '../core/errors.ts';
import type { RequestSpec } from '../http/types.ts';
import type { RunLoad, Sampler } from '../load/types.ts';
import { capacityMarkdown, formatCapacityResult, formatCapacityTable } from '../capacity/format.ts';
import { runCapacity, unloadedFailedResult, type CapacitySearchSettings } from '../capacity/run.ts';
import { UnloadedFailedError } from '../capacity/unloaded.ts';
import type { CapacityResult, CapacityStep } from '../capacity/types.ts';
import { ct } from '../capacity/messages.ts';
import { reportLang, type Lang } from '../report/messages.ts';
import { redact, redactDeep } from '../report/redact.ts';
import { runDir, runId, writeFileAtomic } from '../result/store.ts';
import { writeSuiteReports } from '../report/write-reports.ts';
import { samplersFromEnv } from '../resources/env.ts';
import { parseSloExpression } from '../slo/expression.ts';
import type { Slo } from '../slo/types.ts';
import type { SuiteEndpoint, SuitePhase, SuitePlugin } from '../suite/types.ts';
import { EXIT, interruptedExit, type CliIo } from './io.ts';
import { checkReachable } from './preflight.ts';
import { argsError } from './args-error.ts';
import { MAX_RATE_PER_S } from './run-flags.ts';
import { toRunLoadOptions } from './run-load-options.ts';
import { parseRunArgs } from './run-options.ts';
import { checkRunTarget } from './run-plan.ts';
import { reportError } from './run.ts';

export const CAPACITY_HELP = [
  'Usage: perf capacity [endpoint...] [options]        search the suite\'s endpoints (all when none given)',
  '       perf capacity --url URL [options]            search one URL',
  '',
  'Steps the arrival rate up (a short unrecorded ramp, then a judged hold per step) until a step fails,',
  'then bisects between the last good and the first bad rate (a failing start rate is halved, down to 1/s,',
  'until a step passes). A step passes when the SLO is met, errors',
  'stay under 1%, at least 95% of the target rate completes ok and the load generator kept up.',
  '',
  'Search:',
  '  --start N            first rate, /s (suite default: a quarter of the endpoint\'s target)',
  '  --step N             added after each passing step, /s (suite default: a quarter of the target)',
  '  --max N              highest rate tried, /s (suite default: twice the target)',
  '  --step-duration S    judged hold of each step (default 5; longer at low rates, until the SLO\'s',
  '                       percentiles have their samples: 125 for a p99 bound)',
  '  --max-step-duration S  longest hold of a step (default 60); a percentile that still lacks samples',
  '                       at a rate is not judged there (listed in the notes)',
  '  --ramp S             unrecorded ramp into each step (default 1)',
  '  --settle S           pause between steps so queues drain (default 1)',
  '  --slo EXPR           e.g. \'p95<100,errors<0.01\' (suite default: the endpoint\'s SLO)',
  '  --maximize rate|goodput  rate (default): highest rate meeting the whole SLO; goodput: highest rate',
  '                       whose goodput ratio meets the SLO\'s goodput(...)>R bound (0.9 when unset)',
  '  --k K                degradation factor: first rate with p95 > K x unloaded p95 (default 3)',
  '  --phase ID           search only that phase of the endpoints that run in phases (old | new: old or',
  '                       new users; default each phase, as its own search \'chat · new users\')',
  '  --json FILE          also write the results as JSON',
  '  --max-dispatch-lag MS, --max-late-ratio R   generator health bounds (default: 10% of the tightest',
  '                       latency bound within 10-100 ms, and 1% or 3 iterations of the step)',
  '  --quiet, -q          no progress on stderr',
  '',
  'Request (with --url): --method M, --header \'K: V\' (repeatable), --body S, --sse, --connections N,',
  '  --timeout S (default 30), --name NAME, --no-preflight, --allow-host HOST (a non-loopback --url must be',
  '  allowed with it or in PERF_ALLOW_HOSTS, as for perf run)',
  '',
  'Target resources are sampled from PERF_METRICS_URL / PERF_PROMETHEUS_URL when set (see docs/CAPACITY.md).',
  'Suite results go to results/<run-id>/capacity.json and capacity.md. Exit: 0 done, 2 bad usage or',
  'unreachable target, 130 interrupted.',
];

const FLAGS = {
  url: { type: 'string' },
  start: { type: 'string' },
  step: { type: 'string' },
  max: { type: 'string' },
  'step-duration': { type: 'string' },
  'max-step-duration': { type: 'string' },
  ramp: { type: 'string' },
  settle: { type: 'string' },
  slo: { type: 'string' },
  k: { type: 'string' },
  maximize: { type: 'string' },
  json: { type: 'string' },
  phase: { type: 'string' },
  method: { type: 'string' },
  header: { type: 'string', multiple: true },
  body: { type: 'string' },
  sse: { type: 'boolean' },
  connections: { type: 'string' },
  timeout: { type: 'string' },
  name: { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
  'max-dispatch-lag': { type: 'string' },
  'max-late-ratio': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  preflight: { type: 'boolean', default: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags shared with `perf run`, parsed by its parser (same names, same messages). */
const REQUEST_FLAGS = ['url', 'method', 'header', 'body', 'sse', 'connections', 'timeout', 'name', 'slo', 'allow-host'] as const;

function numberFlag(flag: string, raw: string | undefined, opts: { min?: number; gt?: number } = {}): number | undefined {
  if (raw === undefined) return undefined;
  const n = raw.trim() === '' ? NaN : Number(raw);
  const okMin = opts.min === undefined || n >= opts.min;
  const okGt = opts.gt === undefined || n > opts.gt;
  if (!Number.isFinite(n) || !okMin || !okGt) {
    const want = opts.gt !== undefined ? `a number above ${opts.gt}` : `a number ≥ ${opts.min}`;
    throw new ConfigError(`--${flag}: expected ${want}, got "${raw}"`);
  }
  return n;
}

export interface CapacityCommandDeps {
  /** The load engine. @default `runLoad` of src/load/run-load.ts */
  runLoad?: RunLoad;
  /** Where suite results go. @default runDir() */
  resultsDir?: string;
}

interface Plan {
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

function progressLine(name: string, s: CapacityStep, lang: Lang): string {
  const verdict = !s.generatorValid
    ? ct(lang, 'cap_generator_long')
    : s.passed ? ct(lang, 'cap_pass') : ct(lang, 'cap_fail', { why: s.failures.slice(0, 2).join('; ') });
  return ct(lang, 'cap_p_step', {
    name,
    phase: ct(lang, s.phase === 'refine' ? 'cap_phase_refine' : 'cap_phase_search'),
    rps: s.targetRps,
    held: s.holdS !== undefined ? ` (${s.holdS} s)` : '',
    ok: s.achievedRps,
    p95: s.p95.toFixed(1),
    errors: (s.errorRate * 100).toFixed(2),
    verdict,
  });
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
 * `perf capacity`: the capacity search for the suite's endpoints or for one URL. Exit 0 done, 2 bad
 * usage / unreachable target / results not writable, 130 interrupted (partial results still printed).
 */
export async function runCapacityCommand(argv: string[], io: CliIo, suite?: SuitePlugin, deps: CapacityCommandDeps = {}): Promise<number> {
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: true, allowNegative: true }));
  } catch (err) {
    reportError(io, 'perf capacity', argsError(err, 'capacity'));
    return EXIT.usage;
  }
  if (values.help) {
    for (const line of CAPACITY_HELP) io.stdout(line);
    return EXIT.ok;
  }
  const env = io.env ?? process.env;
  const quiet = values.quiet === true;
  const lang = reportLang(env);
  let plans: Plan[];
  let samplers: Sampler[];
  let stopSuite: (() => Promise<void>) | undefined;
  try {
    const search = {
      start: numberFlag('start', values.start as string | undefined, { gt: 0 }),
      step: numberFlag('step', values.step as string | undefined, { gt: 0 }),
      max: numberFlag('max', values.max as string | undefined, { gt: 0 }),
      hold: numberFlag('step-duration', values['step-duration'] as string | undefined, { gt: 0 }),
      maxHold: numberFlag('max-step-duration', values['max-step-duration'] as string | undefined, { gt: 0 }),
      ramp: numberFlag('ramp', values.ramp as string | undefined, { min: 0 }),
      settle: numberFlag('settle', values.settle as string | undefined, { min: 0 }),
      k: numberFlag('k', values.k as string | undefined, { gt: 1 }),
      lag: numberFlag('max-dispatch-lag', values['max-dispatch-lag'] as string | undefined, { gt: 0 }),
      late: numberFlag('max-late-ratio', values['max-late-ratio'] as string | undefined, { min: 0 }),
    };
    const maximize = values.maximize as string | undefined;
    if (maximize !== undefined && maximize !== 'rate' && maximize !== 'goodput') throw new ConfigError(`--maximize: expected rate or goodput, got "${maximize}"`);
    if (search.late !== undefined && search.late > 1) throw new ConfigError(`--max-late-ratio: expected a ratio between 0 and 1, got "${search.late}"`);
    if (search.start !== undefined && search.max !== undefined && search.max < search.start) {
      throw new ConfigError(`--max: ${search.max} is below --start ${search.start}`);
    }
    for (const f of ['start', 'step', 'max'] as const) {
      const v = search[f];
      if (v !== undefined && v > MAX_RATE_PER_S) throw new ConfigError(`--${f}: expected at most ${MAX_RATE_PER_S}/s (the most one generator process sends reliably, docs/PERFORMANCE.md), got "${v}"`);
    }
    const common = (target: number): CapacitySearchSettings => ({
      startRps: search.start ?? Math.max(1, Math.round(target / 4)),
      stepRps: search.step ?? Math.max(1, Math.round(target / 4)),
      maxRps: search.max ?? Math.max(search.start ?? 1, target * 2),
      ...(search.hold !== undefined ? { stepDurationS: search.hold } : {}),
      ...(search.maxHold !== undefined ? { maxStepDurationS: search.maxHold } : {}),
      ...(search.ramp !== undefined ? { rampS: search.ramp } : {}),
      ...(search.settle !== undefined ? { settleS: search.settle } : {}),
      ...(search.k !== undefined ? { k: search.k } : {}),
      ...(search.lag !== undefined ? { maxDispatchLagMs: search.lag } : {}),
      ...(search.late !== undefined ? { maxLateRatio: search.late } : {}),
      ...(maximize !== undefined ? { maximize: maximize as 'rate' | 'goodput' } : {}),
    });
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
      if (parsed.help) return EXIT.ok;
      const o = parsed.options;
      checkRunTarget(o, env);
      const scenario = toRunLoadOptions(o).scenario as RequestSpec;
      if (values.preflight !== false) await checkReachable(o.url, Math.min(3000, o.timeoutS * 1000), io.signal);
      plans = [{
        name: o.name,
        route: `${o.method} ${redact(o.url.href)}`,
        scenario,
        slo: sloFlag,
        ...(o.connections !== undefined ? { connections: o.connections } : {}),
        timeoutMs: o.timeoutS * 1000,
        search: common(search.start ?? 1),
      }];
      samplers = samplersFromEnv(env);
    } else {
      if (!suite) throw new ConfigError('perf capacity: no suite is available here; give --url URL to search one endpoint');
      for (const f of ['method', 'header', 'body', 'sse', 'connections', 'name'] as const) {
        if (values[f] !== undefined) throw new ConfigError(`--${f}: only used with --url`);
      }
      const all = suite.endpoints();
      const unknown = positionals.filter((id) => !all.some((e) => e.id === id));
      if (unknown.length > 0) {
        throw new ConfigError(`perf capacity: unknown endpoint ${unknown.join(', ')} (known: ${all.map((e) => e.id).join(', ')})`);
      }
      const chosen = choosePhases(positionals.length > 0 ? all.filter((e) => positionals.includes(e.id)) : all, values.phase as string | undefined, positionals.length > 0);
      const timeoutS = numberFlag('timeout', values.timeout as string | undefined, { gt: 0 });
      stopSuite = suite.start ? await suite.start() : undefined;
      plans = chosen.map(({ e, phase }) => ({
        name: phase ? `${e.id} · ${phase.label}` : e.id,
        route: e.route,
        baseUrl: suite.baseUrl(),
        scenario: undefined,
        endpoint: e,
        ...(phase ? { phase: phase.id } : {}),
        slo: sloFlag ?? e.slo,
        ...(timeoutS !== undefined ? { timeoutMs: timeoutS * 1000 } : {}),
        search: common(e.targetRps),
      }));
      samplers = suite.samplers?.() ?? samplersFromEnv(env);
    }
  } catch (err) {
    if (io.signal?.aborted) return interruptedExit(io.signal);
    reportError(io, 'perf capacity', err);
    return EXIT.usage;
  }

  const runLoad = deps.runLoad ?? (await import('../load/run-load.ts')).runLoad;
  let target = plans[0]?.baseUrl ?? plans[0]?.route ?? '';
  const results: CapacityResult[] = [];
  const problems: string[] = [];
  try {
    for (const plan of plans) {
      if (io.signal?.aborted) break;
      let prepared: Awaited<ReturnType<SuitePlugin['prepare']>> | undefined;
      try {
        if (plan.endpoint && suite) {
          target = suite.baseUrl();
          prepared = await suite.prepare(plan.endpoint.id, plan.phase);
        }
        const scenario = plan.scenario ?? prepared?.scenario;
        if (!scenario) throw new ConfigError(`${plan.name}: the suite prepared no scenario`);
        if (!quiet) io.stderr(ct(lang, 'cap_p_unloaded_start', { name: plan.name, route: plan.route }));
        const result = await runCapacity({
          name: plan.name,
          route: plan.route,
          ...(plan.baseUrl ? { baseUrl: plan.baseUrl } : {}),
          scenario,
          slo: plan.slo,
          ...(plan.connections ?? prepared?.connections ? { connections: plan.connections ?? prepared?.connections } : {}),
          timeoutMs: plan.timeoutMs ?? prepared?.timeoutMs ?? 30_000,
          runLoad,
          samplers,
          ...(io.signal ? { signal: io.signal } : {}),
          ...plan.search,
          lang,
          onUnloaded: (u) => {
            if (!quiet) io.stderr(ct(lang, 'cap_p_unloaded', { name: plan.name, p50: u.p50Ms.toFixed(1), p95: u.p95Ms.toFixed(1), n: u.samples }));
          },
          onStep: (s) => {
            if (!quiet) io.stderr(progressLine(plan.name, s, lang));
          },
        });
        results.push(result);
        for (const line of formatCapacityResult(result, lang)) io.stdout(line);
        io.stdout('');
      } catch (err) {
        if (err instanceof UnloadedFailedError && plans.length > 1 && !io.signal?.aborted) {
          // The target answers, only with errors: no rate is stable, which is a result, not a gap.
          const result = unloadedFailedResult(plan.name, plan.route, err.firstError, lang);
          results.push(result);
          for (const line of formatCapacityResult(result, lang)) io.stdout(line);
          io.stdout('');
          continue;
        }
        if (plans.length === 1 || !(err instanceof TargetUnreachableError) || io.signal?.aborted) throw err;
        problems.push(`${plan.name}: ${(err as Error).message}`);
        reportError(io, 'perf capacity', err);
      } finally {
        await prepared?.close().catch(() => undefined);
      }
    }
  } catch (err) {
    if (io.signal?.aborted) {
      io.stderr(ct(lang, 'cap_p_interrupted'));
      return interruptedExit(io.signal);
    }
    reportError(io, 'perf capacity', err);
    return EXIT.usage;
  } finally {
    await stopSuite?.().catch(() => undefined);
  }

  try {
    if (plans.length > 1 || plans[0]?.endpoint) {
      for (const line of formatCapacityTable(results, lang)) io.stdout(line);
      for (const p of problems) io.stdout(ct(lang, 'cap_not_measured', { what: p }));
      const dir = deps.resultsDir ?? runDir();
      const json = `${JSON.stringify(redactDeep(results), null, 2)}\n`;
      try {
        writeFileAtomic(`${dir}/capacity.json`, json);
        writeFileAtomic(`${dir}/capacity.md`, `${capacityMarkdown(results, { runId: runId(), target, lang })}\n`);
      } catch (cause) {
        throw isPerfError(cause) ? cause : new ResultsError(`cannot write capacity results to ${dir}: ${(cause as Error).message}`, { cause });
      }
      // report.md and report.html of the run folder gain the capacity table and curve; no JUnit
      // (there are no tests here) and no second copy in the CI step summary.
      const written = writeSuiteReports({ dir, junitPath: '', stepSummaryPath: '', lang });
      for (const failure of written.failures) io.stderr(`perf capacity: ${failure}`);
      if (!quiet) io.stderr(ct(lang, 'cap_p_results', { dir }));
    }
    if (typeof values.json === 'string') {
      const body = plans.length === 1 && !plans[0]?.endpoint ? results[0] : results;
      writeJson(values.json, body);
    }
  } catch (err) {
    reportError(io, 'perf capacity', err);
    return EXIT.usage;
  }
  return io.signal?.aborted ? interruptedExit(io.signal) : EXIT.ok;
}

function writeJson(path: string, body: unknown): void {
  const full = resolve(path);
  try {
    writeFileAtomic(full, `${JSON.stringify(redactDeep(body), null, 2)}\n`);
  } catch (cause) {
    throw new ResultsError(`--json: cannot write ${full}: ${(cause as Error).message}`, { cause });
  }
}
