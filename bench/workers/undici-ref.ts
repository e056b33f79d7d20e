// Child process: a plain undici reference, no engine. argv[2] is a JSON job; prints one JSON line.
// `closed`: `concurrency` loops of `pool.request` back to back (the throughput baseline).
// `paced`: requests started every 1/rate s by a timer, latency timed from the actual send
// (what a minimal client sees; the reference for the engine's measurement overhead).
import { Pool } from 'undici';
import { createHistogram, digest, recordMs } from '../../src/index.ts';
import type { Distribution } from '../../src/index.ts';

export interface UndiciRefJob {
  mode: 'closed' | 'paced';
  url: string;
  durationS: number;
  warmupS: number;
  connections: number;
  /** closed: loops in parallel. */
  concurrency?: number;
  /** paced: requests per second. */
  ratePerS?: number;
}

export interface UndiciRefOutput {
  ok: number;
  failed: number;
  rps: number;
  latencyMs: Distribution;
  cpuS: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as UndiciRefJob;
  const url = new URL(job.url);
  const pool = new Pool(url.origin, { connections: job.connections, pipelining: 1 });
  const path = url.pathname + url.search;
  const h = createHistogram();
  let ok = 0;
  let failed = 0;
  let recording = false;
  let stopped = false;
  const one = async (): Promise<void> => {
    const t = performance.now();
    try {
      const res = await pool.request({ path, method: 'GET' });
      await res.body.dump();
      if (!recording) return;
      if (res.statusCode === 200) ok++;
      else failed++;
      recordMs(h, performance.now() - t);
    } catch {
      if (recording) failed++;
    }
  };
  const inflight = new Set<Promise<void>>();
  let loops: Promise<void>[] = [];
  let pacer: NodeJS.Timeout | undefined;
  if (job.mode === 'closed') {
    loops = Array.from({ length: job.concurrency ?? job.connections }, async () => {
      while (!stopped) await one();
    });
  } else {
    const periodMs = 1000 / (job.ratePerS ?? 100);
    const t0 = performance.now();
    let k = 0;
    const tick = (): void => {
      if (stopped) return;
      const now = performance.now();
      while (t0 + k * periodMs <= now) {
        k++;
        const p = one();
        inflight.add(p);
        void p.then(() => inflight.delete(p));
      }
      pacer = setTimeout(tick, Math.max(0, t0 + k * periodMs - performance.now()));
    };
    tick();
  }
  await new Promise((r) => setTimeout(r, job.warmupS * 1000));
  recording = true;
  const cpu0 = process.cpuUsage();
  const r0 = performance.now();
  await new Promise((r) => setTimeout(r, job.durationS * 1000));
  recording = false;
  const wallS = (performance.now() - r0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  stopped = true;
  clearTimeout(pacer);
  await Promise.race([Promise.all([...loops, ...inflight]), new Promise((r) => setTimeout(r, 5000))]);
  await pool.destroy().catch(() => undefined);
  const out: UndiciRefOutput = { ok, failed, rps: ok / wallS, latencyMs: digest(h), cpuS: (cpu.user + cpu.system) / 1e6 };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`undici-ref worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
