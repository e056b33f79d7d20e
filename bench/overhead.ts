import { fmtSpread, load1, table, type BenchContext } from './lib/context.ts';
import { startDelayServer } from './lib/delay-server.ts';
import { runChild } from './lib/proc.ts';
import { round, spread, type Spread } from './lib/stats.ts';
import { lastJson, nodeScript, runLoadChild } from './lib/workers.ts';
import type { UndiciRefJob, UndiciRefOutput } from './workers/undici-ref.ts';

export const DELAY_MS = 20;
export const OVERHEAD_RATE = 500;
export const TARGET_P50_OVERHEAD_MS = 1;
const CONNECTIONS = 32;

export interface OverheadRep {
  /** Engine latency (from intended start) minus the fixed delay. */
  engineP50Ms: number;
  engineP99Ms: number;
  /** Engine service time (from actual dispatch) minus the fixed delay. */
  engineServiceP50Ms: number;
  engineP99DispatchLagMs: number;
  engineValid: boolean;
  /** Generator CPU seconds per wall second (1 = a full core). */
  engineCpuShare: number;
  /** The server's own delay minus the fixed delay, while the engine ran. */
  serverP50Ms: number;
  serverP99Ms: number;
  /** Plain undici paced loop, timed from its actual send, minus the fixed delay. */
  undiciP50Ms: number;
  undiciP99Ms: number;
  serverDuringUndiciP50Ms: number;
  load1: number;
}

export interface OverheadResult {
  delayMs: number;
  ratePerS: number;
  durationS: number;
  reps: OverheadRep[];
  engineP50: Spread;
  engineP99: Spread;
  engineServiceP50: Spread;
  serverP50: Spread;
  undiciP50: Spread;
  undiciP99: Spread;
  /** Engine p50 minus the undici reference's p50, per repetition. */
  engineMinusUndiciP50: Spread;
  target: { p50Ms: number; met: boolean };
}

const minus = (v: number): number => round(v - DELAY_MS, 3);

/**
 * Measurement overhead: a node:http server in its own process answers after a fixed 20 ms;
 * at 500 req/s the engine's p50 minus 20 ms is what it adds. The server's own measured delay
 * and a plain undici loop against the same server are the references.
 */
export async function benchOverhead(ctx: BenchContext): Promise<OverheadResult> {
  const durationS = ctx.quick ? 3 : 10;
  const warmupS = 1;
  const gen = ctx.pin.generatorCpu;
  const server = await startDelayServer(ctx.pin.targetCpu, DELAY_MS);
  const reps: OverheadRep[] = [];
  try {
    for (let i = 0; i < ctx.runs; i++) {
      const l = load1();
      await server.takeStats();
      const eng = await runLoadChild(gen, {
        url: server.url,
        model: { type: 'arrival-rate', startRate: OVERHEAD_RATE, stages: [{ durationS, target: OVERHEAD_RATE }] },
        connections: CONNECTIONS,
        warmupS,
      });
      const serverEng = await server.takeStats();
      const job: UndiciRefJob = { mode: 'paced', url: server.url, durationS, warmupS, connections: CONNECTIONS, ratePerS: OVERHEAD_RATE };
      const { cmd, args } = nodeScript(gen, 'bench/workers/undici-ref.ts', [JSON.stringify(job)]);
      const ur = await runChild(cmd, args, (durationS + warmupS + 30) * 1000);
      const und = lastJson<UndiciRefOutput>(ur.stdout, ur.stderr, 'undici-ref worker');
      const serverUnd = await server.takeStats();
      const s = eng.summary;
      const rep: OverheadRep = {
        engineP50Ms: minus(s.latencyMs.p50),
        engineP99Ms: minus(s.latencyMs.p99),
        engineServiceP50Ms: minus(s.serviceTimeMs.p50),
        engineP99DispatchLagMs: s.generator.p99DispatchLagMs,
        engineValid: s.generator.valid,
        engineCpuShare: round(eng.cpuS / eng.wallS, 2),
        serverP50Ms: minus(serverEng.p50),
        serverP99Ms: minus(serverEng.p99),
        undiciP50Ms: minus(und.latencyMs.p50),
        undiciP99Ms: minus(und.latencyMs.p99),
        serverDuringUndiciP50Ms: minus(serverUnd.p50),
        load1: l,
      };
      reps.push(rep);
      ctx.log(`overhead ${i + 1}/${ctx.runs}: engine p50 +${rep.engineP50Ms} ms (service +${rep.engineServiceP50Ms}), server +${rep.serverP50Ms}, undici +${rep.undiciP50Ms} (load ${l})`);
    }
  } finally {
    await server.stop();
  }
  const engineP50 = spread(reps.map((r) => r.engineP50Ms));
  return {
    delayMs: DELAY_MS,
    ratePerS: OVERHEAD_RATE,
    durationS,
    reps,
    engineP50,
    engineP99: spread(reps.map((r) => r.engineP99Ms)),
    engineServiceP50: spread(reps.map((r) => r.engineServiceP50Ms)),
    serverP50: spread(reps.map((r) => r.serverP50Ms)),
    undiciP50: spread(reps.map((r) => r.undiciP50Ms)),
    undiciP99: spread(reps.map((r) => r.undiciP99Ms)),
    engineMinusUndiciP50: spread(reps.map((r) => r.engineP50Ms - r.undiciP50Ms)),
    target: { p50Ms: TARGET_P50_OVERHEAD_MS, met: engineP50.median <= TARGET_P50_OVERHEAD_MS },
  };
}

export function formatOverhead(r: OverheadResult): string {
  const rows = r.reps.map((x, i) => [
    i + 1,
    x.engineP50Ms,
    x.engineP99Ms,
    x.engineServiceP50Ms,
    x.engineP99DispatchLagMs,
    x.engineValid ? 'yes' : 'no',
    x.engineCpuShare,
    `${x.serverP50Ms} / ${x.serverP99Ms}`,
    `${x.undiciP50Ms} / ${x.undiciP99Ms}`,
    x.serverDuringUndiciP50Ms,
    x.load1,
  ]);
  return [
    `${r.ratePerS} req/s open model for ${r.durationS} s against a node:http server answering after ${r.delayMs} ms; every value is milliseconds above ${r.delayMs} ms; ${r.reps.length} repetitions.`,
    '',
    table(
      ['rep', 'engine p50', 'engine p99', 'engine service-time p50', 'engine p99 dispatch lag', 'valid', 'engine CPU (cores)', 'server-side delay p50 / p99', 'plain undici p50 / p99', 'server-side p50 (undici run)', 'load1'],
      rows,
    ),
    '',
    `Median: engine p50 **+${fmtSpread(r.engineP50, 3)} ms**, p99 +${fmtSpread(r.engineP99, 3)} ms; server's own timer +${fmtSpread(r.serverP50, 3)} ms; plain undici +${fmtSpread(r.undiciP50, 3)} ms; engine minus undici at p50 ${fmtSpread(r.engineMinusUndiciP50, 3)} ms.`,
    `Target: p50 overhead ≤ ${r.target.p50Ms} ms ${r.target.met ? 'met' : 'MISSED'}.`,
  ].join('\n');
}
