// `pnpm bench`: measures the engine (throughput, rate accuracy, overhead, memory) and the
// simulator when its benchmark exists; writes bench/results/latest.json and latest.md.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { benchMemory, formatMemory } from './memory.ts';
import { benchWorkers, formatWorkers } from './multi-worker.ts';
import { benchOverhead, formatOverhead } from './overhead.ts';
import { benchRateAccuracy, formatRateAccuracy } from './rate-accuracy.ts';
import { benchThroughput, formatThroughput } from './throughput.ts';
import { defaultPinning, type BenchContext } from './lib/context.ts';
import { NginxMissingError } from './lib/nginx.ts';
import { killAllChildren } from './lib/proc.ts';
import { ROOT } from './lib/workers.ts';

const SECTIONS = ['throughput', 'rate', 'overhead', 'memory', 'workers', 'sim'] as const;
type Section = (typeof SECTIONS)[number];

const HELP = `pnpm bench [--quick] [--only NAME[,NAME]] [--runs N] [--out FILE] [--no-pin] [--strict]

Sections: ${SECTIONS.join(', ')} (default: all).
  --quick     short version for development (1 repetition, 3 s runs, 15 s memory run)
  --runs N    repetitions per measurement, the median is reported (default 3, 1 with --quick)
  --out FILE  results JSON (default bench/results/latest.json, quick.json with --quick);
              with --only, the other sections already in FILE are kept
  --no-pin    do not pin generator and target to separate cores with taskset
  --strict    exit 1 when a target is missed`;

interface SectionOutcome {
  result?: unknown;
  markdown: string;
  /** Undefined when the section has no target. */
  met?: boolean;
  error?: string;
  load1Before: number;
  load1After: number;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string', multiple: true },
        runs: { type: 'string' },
        out: { type: 'string' },
        'no-pin': { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const only = (args.only ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = only.filter((s) => !SECTIONS.includes(s as Section));
  if (unknown.length > 0) {
    process.stderr.write(`--only: unknown section ${unknown.join(', ')}; expected one of ${SECTIONS.join(', ')}\n`);
    return 2;
  }
  const runs = args.runs === undefined ? (args.quick ? 1 : 3) : Number(args.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    process.stderr.write(`--runs: expected an integer from 1 to 50, got ${args.runs}\n`);
    return 2;
  }
  const selected: Section[] = only.length > 0 ? (only as Section[]) : [...SECTIONS];
  const cores = cpus().length;
  const pin = args['no-pin'] ? { generatorCpu: undefined, targetCpu: undefined } : defaultPinning(cores);
  const ctx: BenchContext = { quick: args.quick, runs, pin, log: (m) => process.stderr.write(`[bench] ${m}\n`) };
  const out = args.out ?? join(ROOT, 'bench/results', args.quick ? 'quick.json' : 'latest.json');

  const previous = only.length > 0 && existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { sections?: Record<string, SectionOutcome> }) : undefined;
  const sections: Record<string, SectionOutcome> = { ...(previous?.sections ?? {}) };
  const la0 = loadavg();
  ctx.log(`${cores} cores, load average ${la0.map((v) => v.toFixed(2)).join(' ')}, generator on CPU ${pin.generatorCpu ?? 'any'}, targets on CPU ${pin.targetCpu ?? 'any'}, ${runs} repetition(s)${args.quick ? ', quick' : ''}`);
  for (const name of selected) {
    const load1Before = loadavg()[0]!;
    let o: Omit<SectionOutcome, 'load1Before' | 'load1After'>;
    try {
      o = await runSection(name, ctx);
    } catch (err) {
      const msg = err instanceof NginxMissingError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
      ctx.log(`${name} failed: ${msg}`);
      o = { markdown: `Not measured: ${err instanceof Error ? err.message : String(err)}`, error: msg };
    }
    sections[name] = { ...o, load1Before: round2(load1Before), load1After: round2(loadavg()[0]!) };
    process.stdout.write(`\n## ${name}\n\n${sections[name]!.markdown}\n`);
  }
  const doc = {
    version: 1,
    recordedAt: new Date().toISOString(),
    commit: gitCommit(),
    command: `pnpm bench ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores, loadavgStart: la0.map(round2), loadavgEnd: loadavg().map(round2) },
    quick: args.quick,
    runs,
    pinning: pin,
    sections,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  const md = Object.entries(sections).map(([k, v]) => `## ${k}\n\n${v.markdown}\n`).join('\n');
  writeFileSync(out.replace(/\.json$/, '.md'), `<!-- generated by ${doc.command} at ${doc.recordedAt}, commit ${doc.commit} -->\n\n${md}`);
  ctx.log(`results written to ${out}`);
  const failed = Object.values(sections).some((s) => s.error !== undefined);
  const missed = Object.values(sections).some((s) => s.met === false);
  if (failed) return 1;
  return args.strict && missed ? 1 : 0;
}

async function runSection(name: Section, ctx: BenchContext): Promise<Omit<SectionOutcome, 'load1Before' | 'load1After'>> {
  switch (name) {
    case 'throughput': {
      const r = await benchThroughput(ctx);
      return { result: r, markdown: formatThroughput(r), met: r.targets.rpsMet && r.targets.ratioMet };
    }
    case 'rate': {
      const r = await benchRateAccuracy(ctx);
      return { result: r, markdown: formatRateAccuracy(r), met: r.rows.every((x) => x.met) };
    }
    case 'overhead': {
      const r = await benchOverhead(ctx);
      return { result: r, markdown: formatOverhead(r), met: r.target.met };
    }
    case 'memory': {
      const r = await benchMemory(ctx);
      return { result: r, markdown: formatMemory(r), met: r.target.met };
    }
    case 'workers': {
      const r = await benchWorkers(ctx);
      return { result: r, markdown: formatWorkers(r) };
    }
    case 'sim':
      return runSimSection(ctx);
  }
}

/** Calls `runSimBenchmark()` of each `bench/sim*.ts` (the simulator engineer's file), when present. */
async function runSimSection(ctx: BenchContext): Promise<Omit<SectionOutcome, 'load1Before' | 'load1After'>> {
  const files = readdirSync(join(ROOT, 'bench')).filter((f) => /^sim.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
  if (files.length === 0) return { markdown: 'No simulator benchmark (bench/sim*.ts) present.' };
  const results: Record<string, unknown> = {};
  const parts: string[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(ROOT, 'bench', f)).href)) as { runSimBenchmark?: (c: BenchContext) => unknown };
    if (typeof mod.runSimBenchmark !== 'function') {
      parts.push(`bench/${f} exports no runSimBenchmark().`);
      continue;
    }
    ctx.log(`sim: running bench/${f}`);
    const r = await mod.runSimBenchmark(ctx);
    results[f] = r;
    const md = typeof r === 'string' ? r : typeof (r as { markdown?: unknown })?.markdown === 'string' ? (r as { markdown: string }).markdown : '```json\n' + JSON.stringify(r, null, 2) + '\n```';
    parts.push(`### bench/${f}\n\n${md}`);
  }
  return { result: results, markdown: parts.join('\n\n') };
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

function gitCommit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const onSignal = (sig: NodeJS.Signals): void => {
  killAllChildren();
  process.stderr.write(`[bench] interrupted (${sig}); children stopped, nothing written\n`);
  process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

main().then(
  (code) => {
    killAllChildren();
    process.exit(code);
  },
  (err: unknown) => {
    killAllChildren();
    process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
