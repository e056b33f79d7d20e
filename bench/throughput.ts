import { runAutocannon } from './lib/autocannon.ts';
import { fmtSpread, load1, table, type BenchContext } from './lib/context.ts';
import { startNginx } from './lib/nginx.ts';
import { round, spread, type Spread } from './lib/stats.ts';
import { nodeScript, lastJson, runLoadChild } from './lib/workers.ts';
import { runChild } from './lib/proc.ts';
import type { UndiciRefJob, UndiciRefOutput } from './workers/undici-ref.ts';

/** Closed-loop users and connections of the engine, autocannon and the undici loop alike. */
export const THROUGHPUT_VUS = 64;
export const TARGET_RPS = 40_000;
export const TARGET_RATIO = 0.75;

export interface ThroughputRep {
  engineRps: number;
  engineCpuS: number;
  engineP50Ms: number;
  engineP99Ms: number;
  engineValid: boolean;
  /** Generator notes (why a run was flagged invalid). */
  engineNotes: string[];
  engineErrors: number;
  /** nginx CPU seconds per recorded second while the engine ran (1 = one core saturated). */
  nginxCoreShareEngine: number;
  autocannonRps: number;
  autocannonCpuS: number;
  autocannonErrors: number;
  undiciRps: number;
  undiciCpuS: number;
  /**
   * Generator CPU µs per request: CPU seconds over the requests of warm-up and recording (at the
   * recorded rate). Autocannon's includes its process start (~0.2 s CPU), the engine's does not.
   */
  engineCpuUsPerReq: number;
  autocannonCpuUsPerReq: number;
  /** engine / autocannon in this repetition. */
  ratio: number;
  load1: number;
}

export interface ThroughputResult {
  vus: number;
  connections: number;
  durationS: number;
  warmupS: number;
  reps: ThroughputRep[];
  engineRps: Spread;
  autocannonRps: Spread;
  undiciRps: Spread;
  ratio: Spread;
  engineCpuUsPerReq: Spread;
  autocannonCpuUsPerReq: Spread;
  targets: { rps: number; ratio: number; rpsMet: boolean; ratioMet: boolean };
}

/**
 * Maximum closed-loop rate against nginx: runLoad (concurrency model, static GET) next to
 * autocannon and a plain undici loop, each in its own process on the generator core,
 * interleaved per repetition so machine noise hits all three alike.
 */
export async function benchThroughput(ctx: BenchContext): Promise<ThroughputResult> {
  const durationS = ctx.quick ? 3 : 10;
  const warmupS = 1;
  const vus = THROUGHPUT_VUS;
  const gen = ctx.pin.generatorCpu;
  const nginx = await startNginx(ctx.pin.targetCpu);
  const reps: ThroughputRep[] = [];
  try {
    for (let i = 0; i < ctx.runs; i++) {
      const l = load1();
      const n0 = nginx.cpuS();
      const eng = await runLoadChild(gen, { url: nginx.url, model: { type: 'concurrency', vus, durationS }, connections: vus, warmupS });
      const nginxShare = (nginx.cpuS() - n0) / (durationS + warmupS);
      const s = eng.summary;
      const ac = await runAutocannon(gen, { url: nginx.url, connections: vus, durationS, warmupS });
      const job: UndiciRefJob = { mode: 'closed', url: nginx.url, durationS, warmupS, connections: vus, concurrency: vus };
      const { cmd, args } = nodeScript(gen, 'bench/workers/undici-ref.ts', [JSON.stringify(job)]);
      const ur = await runChild(cmd, args, (durationS + warmupS + 30) * 1000);
      const und = lastJson<UndiciRefOutput>(ur.stdout, ur.stderr, 'undici-ref worker');
      const engineRps = s.requests.ok / s.durationS;
      const usPerReq = (cpuS: number, rps: number): number => round((cpuS * 1e6) / (rps * (durationS + warmupS)), 2);
      const rep: ThroughputRep = {
        engineRps: round(engineRps, 0),
        engineCpuS: round(eng.cpuS, 2),
        engineP50Ms: s.latencyMs.p50,
        engineP99Ms: s.latencyMs.p99,
        engineValid: s.generator.valid,
        engineNotes: s.generator.notes,
        engineErrors: s.requests.failed + s.requests.dropped,
        nginxCoreShareEngine: round(nginxShare, 2),
        autocannonRps: round(ac.rps, 0),
        autocannonCpuS: round(ac.cpuS, 2),
        autocannonErrors: ac.errors + ac.non2xx,
        engineCpuUsPerReq: usPerReq(eng.cpuS, engineRps),
        autocannonCpuUsPerReq: usPerReq(ac.cpuS, ac.rps),
        undiciRps: round(und.rps, 0),
        undiciCpuS: round(und.cpuS, 2),
        ratio: round(engineRps / ac.rps, 3),
        load1: l,
      };
      reps.push(rep);
      ctx.log(`throughput ${i + 1}/${ctx.runs}: engine ${rep.engineRps} req/s, autocannon ${rep.autocannonRps}, undici ${rep.undiciRps}, ratio ${rep.ratio}, CPU µs/request engine ${rep.engineCpuUsPerReq} autocannon ${rep.autocannonCpuUsPerReq} (load ${l})`);
    }
  } finally {
    await nginx.stop();
  }
  const engine = spread(reps.map((r) => r.engineRps), 0);
  const ratio = spread(reps.map((r) => r.ratio), 3);
  return {
    vus,
    connections: vus,
    durationS,
    warmupS,
    reps,
    engineRps: engine,
    autocannonRps: spread(reps.map((r) => r.autocannonRps), 0),
    undiciRps: spread(reps.map((r) => r.undiciRps), 0),
    ratio,
    engineCpuUsPerReq: spread(reps.map((r) => r.engineCpuUsPerReq), 2),
    autocannonCpuUsPerReq: spread(reps.map((r) => r.autocannonCpuUsPerReq), 2),
    targets: { rps: TARGET_RPS, ratio: TARGET_RATIO, rpsMet: engine.median >= TARGET_RPS, ratioMet: ratio.median >= TARGET_RATIO },
  };
}

export function formatThroughput(r: ThroughputResult): string {
  const rows = r.reps.map((x, i) => [
    i + 1,
    x.engineRps,
    x.engineCpuS,
    `${x.engineP50Ms} / ${x.engineP99Ms}`,
    x.engineValid ? 'yes' : 'no',
    x.nginxCoreShareEngine,
    x.autocannonRps,
    x.autocannonCpuS,
    x.engineCpuUsPerReq,
    x.autocannonCpuUsPerReq,
    x.undiciRps,
    x.undiciCpuS,
    x.ratio,
    x.load1,
  ]);
  return [
    `Closed loop, ${r.vus} VUs / ${r.connections} connections, ${r.durationS} s recorded after ${r.warmupS} s warm-up, ${r.reps.length} repetitions.`,
    '',
    table(
      ['rep', 'engine req/s', 'engine CPU s', 'engine p50 / p99 ms', 'valid', 'nginx cores', 'autocannon req/s', 'autocannon CPU s', 'engine CPU µs/req', 'autocannon CPU µs/req', 'undici req/s', 'undici CPU s', 'engine / autocannon', 'load1'],
      rows,
    ),
    '',
    `Median: engine **${fmtSpread(r.engineRps)}** req/s, autocannon ${fmtSpread(r.autocannonRps)}, plain undici ${fmtSpread(r.undiciRps)}; ratio **${fmtSpread(r.ratio, 3)}**.`,
    `CPU per request (median): engine ${fmtSpread(r.engineCpuUsPerReq, 2)} µs, autocannon ${fmtSpread(r.autocannonCpuUsPerReq, 2)} µs (autocannon's includes its process start).`,
    `Targets: ≥ ${r.targets.rps} req/s ${r.targets.rpsMet ? 'met' : 'MISSED'}; ≥ ${r.targets.ratio} of autocannon ${r.targets.ratioMet ? 'met' : 'MISSED'}.`,
  ].join('\n');
}
