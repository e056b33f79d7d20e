// The regression gate's sensitivity and false alarms (issue 21), measured against the embedded
// simulator: for each case, N comparisons of BASE and HEAD, each side R runs of one perf file
// (`pnpm test:perf <file> -t <test>`, interleaved, which side first alternating: B H H B ...),
// judged by `perf compare --json`. HEAD's
// simulator is slowed by a known factor through SIM_CONFIG (`serviceTimes` of session-info, the
// mocked model's TTFT for chat). Run it alone on the machine, e.g.
//   flock /tmp/perf-load.lock node --import tsx bench/regression-gate.ts --comparisons 20
// Results: --out (JSON) and a markdown table on stdout; docs/REPORTS.md, "Measured: the gate".
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildConfig } from '../sim/profiles.ts';
import { LLM_MODELS, SERVICE_TIMES } from '../sim/model.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const SESSION_INFO_TEST = 'a logged-in user opens one of their sessions';

/** What a case slows in HEAD: nothing (identical builds), session-info's service time, chat's TTFT. */
export const CASES = {
  identical: { file: 'session-info', test: SESSION_INFO_TEST, slows: 'nothing', metrics: ['p50', 'p95'] },
  'session-info': { file: 'session-info', test: SESSION_INFO_TEST, slows: 'session-info service time', metrics: ['p50', 'p95'] },
  'chat-ttft': { file: 'chat', test: 'a logged-in user creates a session, then chats in it', slows: "chat's time to first token", metrics: ['ttftP50', 'ttftP95'] },
} as const;
export type CaseName = keyof typeof CASES;

/** HEAD's `SIM_CONFIG`: the simulator profile's own times multiplied by `factor`; undefined for `identical`. */
export function headSimConfig(name: CaseName, factor: number, simProfile = 'healthy'): Record<string, unknown> | undefined {
  const config = buildConfig(simProfile);
  if (name === 'identical') return undefined;
  if (name === 'session-info') {
    const t = { ...SERVICE_TIMES.sessionInfo, ...config.serviceTimes.sessionInfo };
    return { serviceTimes: { sessionInfo: { medianMs: t.medianMs * factor, p95Ms: t.p95Ms * factor } } };
  }
  const m = { ...LLM_MODELS[config.llm], ...config.llmOverrides };
  return { llmOverrides: { ttftMedianMs: m.ttftMedianMs * factor, ttftP95Ms: m.ttftP95Ms * factor } };
}

/** Which side of comparison `i` runs first in pass `k`: alternating, so neither side is always first. */
export function passOrder(i: number, k: number): 'base-first' | 'head-first' {
  return (i + k) % 2 === 0 ? 'base-first' : 'head-first';
}

/** One comparison as `perf compare --json` judged it: each metric's verdict, change and interval; `regressed` when a gating metric was slower. */
export interface ComparisonOutcome {
  regressed: boolean;
  metrics: Record<string, { verdict: string; change: number | null; ci?: [number | null, number | null] }>;
}

/** Per metric how many comparisons came out slower / same / not enough evidence / not judged, and how many failed the gate. */
export function tally(outcomes: readonly ComparisonOutcome[]): { comparisons: number; regressed: number; byMetric: Record<string, Record<string, number>> } {
  const byMetric: Record<string, Record<string, number>> = {};
  for (const o of outcomes) {
    for (const [metric, m] of Object.entries(o.metrics)) {
      const counts = (byMetric[metric] ??= { slower: 0, same: 0, unknown: 0, notJudged: 0 });
      counts[m.verdict] = (counts[m.verdict] ?? 0) + 1;
    }
  }
  return { comparisons: outcomes.length, regressed: outcomes.filter((o) => o.regressed).length, byMetric };
}

/** The outcome of `perf compare --json` for the one test compared (each pass runs one scenario). */
export function outcomeOf(json: string): ComparisonOutcome {
  const doc = JSON.parse(json) as { regressed: boolean; diffs: { regressed: boolean; metrics: { metric: string; verdict?: string; change: number | null; ci?: [number | null, number | null] }[] }[] };
  const d = doc.diffs[0];
  if (!d) throw new Error('perf compare found nothing to compare');
  if (doc.diffs.length > 1) throw new Error(`perf compare compared ${doc.diffs.length} tests; the measurement runs one`);
  return {
    regressed: d.regressed,
    metrics: Object.fromEntries(d.metrics.map((m) => [m.metric, { verdict: m.verdict ?? 'notJudged', change: m.change, ...(m.ci ? { ci: m.ci } : {}) }])),
  };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

interface Options {
  comparisons: number;
  runs: number;
  factor: number;
  profile: string;
  simProfile: string;
  work: string;
}

let passNo = 0;

/** One pass of a perf file into `<side>/repeat/<k>/runs/` (and `<side>/runs/`, the last), as PERF_REPEAT leaves a folder. */
async function pass(o: Options, file: string, testName: string, side: string, k: number, simConfig: Record<string, unknown> | undefined): Promise<void> {
  const id = `pass-${++passNo}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PERF_ENV_FILE: '/dev/null', PERF_PROFILE: o.profile, SIM_PROFILE: o.simProfile, PERF_RESULTS_DIR: join(o.work, 'passes'), PERF_RUN_ID: id, PERF_PROGRESS: 'off' };
  delete env.BASE_URL;
  delete env.PERF_REPEAT;
  if (simConfig) env.SIM_CONFIG = JSON.stringify(simConfig);
  else delete env.SIM_CONFIG;
  const r = await run('pnpm', ['-s', 'test:perf', file, '-t', testName], env);
  const runs = join(o.work, 'passes', id, 'runs');
  try {
    cpSync(runs, join(side, 'repeat', String(k), 'runs'), { recursive: true });
    cpSync(runs, join(side, 'runs'), { recursive: true });
  } catch {
    throw new Error(`pass ${id} (${file}) left no run (exit ${r.code}):\n${(r.err || r.out).slice(-2000)}`);
  }
  rmSync(join(o.work, 'passes', id), { recursive: true, force: true });
}

async function comparison(o: Options, name: CaseName, i: number, runs: number, factor: number): Promise<ComparisonOutcome> {
  const c = CASES[name];
  const dir = join(o.work, name, String(i));
  const base = join(dir, 'base');
  const head = join(dir, 'head');
  const slowed = headSimConfig(name, factor, o.simProfile);
  for (let k = 1; k <= runs; k++) {
    // Which side goes first alternates (B H, H B, ...), across passes and comparisons: the first
    // run of a pair was measured slower (a warm-up of the machine), which must not favour a side.
    for (const [side, config] of passOrder(i, k) === 'base-first' ? ([[base, undefined], [head, slowed]] as const) : ([[head, slowed], [base, undefined]] as const)) {
      await pass(o, c.file, c.test, side, k, config);
    }
  }
  const r = await run(process.execPath, ['--import', 'tsx', 'bin/perf.ts', 'compare', base, head, '--json'], { ...process.env, PERF_ENV_FILE: '/dev/null' });
  if (r.code === 2) throw new Error(`perf compare failed: ${r.err}`);
  return outcomeOf(r.out.trim().split('\n').at(-1)!);
}

const pct = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`);

function markdown(results: Record<string, { runs: number; factor: number; outcomes: ComparisonOutcome[] }>): string[] {
  const lines = ['| Case | Runs a side | HEAD slower by | Comparisons | Failed the gate | Metric | slower | same | not enough evidence | not judged | changes (median) |', '|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|'];
  for (const [name, r] of Object.entries(results)) {
    const t = tally(r.outcomes);
    const caseName = name.replace(/-2x$/, '') as CaseName;
    for (const metric of CASES[caseName].metrics) {
      const m = t.byMetric[metric] ?? {};
      const changes = r.outcomes.map((o) => o.metrics[metric]?.change).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
      const median = changes.length ? changes[Math.floor(changes.length / 2)]! : null;
      lines.push(`| ${name} | ${r.runs} | ${name === 'identical' ? '-' : `×${r.factor}`} | ${t.comparisons} | ${t.regressed} | ${metric} | ${m.slower ?? 0} | ${m.same ?? 0} | ${m.unknown ?? 0} | ${m.notJudged ?? 0} | ${pct(median)} |`);
    }
  }
  return lines;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      case: { type: 'string', multiple: true },
      comparisons: { type: 'string', default: '20' },
      runs: { type: 'string', default: '3' },
      factor: { type: 'string', default: '1.1' },
      'double-comparisons': { type: 'string', default: '5' },
      profile: { type: 'string', default: 'pr' },
      'sim-profile': { type: 'string', default: 'healthy' },
      out: { type: 'string', default: join(ROOT, 'bench/results/regression-gate.json') },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`node --import tsx bench/regression-gate.ts [--case identical|session-info|chat-ttft|double]... [--comparisons 20] [--runs 3]
  [--factor 1.1] [--double-comparisons 5] [--profile pr] [--sim-profile healthy] [--out FILE]
Each comparison runs the case's perf file 2 x runs times (B H B H ...); "double" is session-info 2x slower, one run a side.\n`);
    return 0;
  }
  const num = (name: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min} (got ${JSON.stringify(v)})`);
    return n;
  };
  const cases = values.case ?? ['identical', 'session-info', 'chat-ttft', 'double'];
  for (const c of cases) if (c !== 'double' && !(c in CASES)) throw new Error(`--case: unknown case "${c}" (identical, session-info, chat-ttft, double)`);
  const o: Options = {
    comparisons: num('comparisons', values.comparisons, 1), runs: num('runs', values.runs, 1), factor: num('factor', values.factor, 1),
    profile: values.profile, simProfile: values['sim-profile'], work: mkdtempSync(join(tmpdir(), 'perf-gate-')),
  };
  const started = new Date().toISOString();
  const load1Before = loadavg()[0]!;
  const results: Record<string, { runs: number; factor: number; outcomes: ComparisonOutcome[] }> = {};
  try {
    for (const c of cases) {
      const [name, runs, factor, n] = c === 'double' ? (['session-info', 1, 2, num('double-comparisons', values['double-comparisons'], 1)] as const) : ([c as CaseName, o.runs, o.factor, o.comparisons] as const);
      const key = c === 'double' ? 'session-info-2x' : c;
      results[key] = { runs, factor, outcomes: [] };
      for (let i = 1; i <= n; i++) {
        const outcome = await comparison(o, name, i, runs, factor);
        results[key]!.outcomes.push(outcome);
        process.stderr.write(`${key} ${i}/${n}: ${outcome.regressed ? 'FAILS the gate' : 'passes'}; ${Object.entries(outcome.metrics).map(([m, v]) => `${m} ${v.verdict} ${pct(v.change)}`).join(', ')}\n`);
      }
    }
  } finally {
    rmSync(o.work, { recursive: true, force: true });
  }
  const table = markdown(results);
  const doc = { started, finished: new Date().toISOString(), machine: { cores: cpus().length, cpu: cpus()[0]?.model, load1Before, load1After: loadavg()[0] }, options: { ...o, work: undefined }, results, table };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(`${table.join('\n')}\n\nload average ${load1Before.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}; results in ${values.out}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`regression-gate: ${err.message}\n`);
      process.exit(2);
    },
  );
}
