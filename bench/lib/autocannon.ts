import { join } from 'node:path';
import { pinned, runChild } from './proc.ts';
import { lastJson, ROOT } from './workers.ts';

export interface AutocannonOptions {
  url: string;
  connections: number;
  durationS: number;
  /** Unrecorded warm-up with the same connections (`--warmup [ -c N -d S ]`). @default 1 */
  warmupS?: number;
  /** Overall request rate cap (`-R`). */
  ratePerS?: number;
}

export interface AutocannonResult {
  /** Completed requests per second over the recorded duration. */
  rps: number;
  total: number;
  errors: number;
  non2xx: number;
  /** Autocannon reports whole milliseconds. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  durationS: number;
  /** CPU seconds of the autocannon process (warm-up included). */
  cpuS: number;
}

interface AutocannonJson {
  duration: number;
  errors: number;
  non2xx: number;
  requests: { total: number };
  latency: { p50: number; p99: number };
}

/** Runs autocannon in its own process pinned to `cpu` (so it never shares the engine's process). */
export async function runAutocannon(cpu: string | undefined, o: AutocannonOptions): Promise<AutocannonResult> {
  const warm = o.warmupS ?? 1;
  const a = [join(ROOT, 'node_modules/autocannon/autocannon.js'), '-c', String(o.connections), '-d', String(o.durationS), '--json'];
  if (warm > 0) a.push('--warmup', '[', '-c', String(o.connections), '-d', String(warm), ']');
  if (o.ratePerS !== undefined) a.push('-R', String(o.ratePerS));
  a.push(o.url);
  const { cmd, args } = pinned(cpu, process.execPath, a);
  const r = await runChild(cmd, args, (o.durationS + warm + 30) * 1000);
  const j = lastJson<AutocannonJson>(r.stdout, r.stderr, 'autocannon');
  return {
    rps: j.requests.total / j.duration,
    total: j.requests.total,
    errors: j.errors,
    non2xx: j.non2xx,
    latencyP50Ms: j.latency.p50,
    latencyP99Ms: j.latency.p99,
    durationS: j.duration,
    cpuS: r.cpuS,
  };
}
