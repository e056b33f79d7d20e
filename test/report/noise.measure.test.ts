/**
 * Measures run-to-run noise to choose `compare`'s default thresholds (docs/REPORTS.md). Skipped
 * unless PERF_MEASURE_NOISE=1: `PERF_MEASURE_NOISE=1 pnpm vitest run --project unit test/report/noise.measure.test.ts`.
 * It runs the same short arrival-rate run N times against a local server in its own process and
 * reports, per metric, the worst pair-wise change between two identical runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import type { RunSummary } from '../../src/result/types.ts';

const RUNS = Number(process.env.PERF_NOISE_RUNS ?? 8);
const RATE = Number(process.env.PERF_NOISE_RATE ?? 30);
const HOLD_S = Number(process.env.PERF_NOISE_HOLD_S ?? 8);

// ~15 ms service time with an exponential tail (mean +5 ms), like a small JSON endpoint.
const SERVER = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  req.resume();
  const delay = 15 + -Math.log(1 - Math.random()) * 5;
  setTimeout(() => { res.setHeader('content-type', 'application/json'); res.end('{"code":"20000","data":{"ok":true}}'); }, delay);
});
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;

function pairwiseWorst(values: number[], mode: 'rel' | 'abs'): number {
  let worst = 0;
  for (const a of values) for (const b of values) worst = Math.max(worst, mode === 'rel' ? (a > 0 ? (b - a) / a : 0) : b - a);
  return worst;
}

describe.skipIf(process.env.PERF_MEASURE_NOISE !== '1')('run-to-run noise', () => {
  let server: ChildProcess;
  let port = 0;
  beforeAll(async () => {
    server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve) => server.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
  });
  afterAll(() => {
    server?.kill();
  });

  it(`runs the same ${HOLD_S} s run at ${RATE}/s ${RUNS} times and reports the spread`, { timeout: 600_000 }, async () => {
    const runs: RunSummary[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(
        await runLoad({
          name: 'noise',
          scenario: { url: `http://127.0.0.1:${port}/api/query/user-id` },
          model: { type: 'arrival-rate', startRate: RATE, stages: [{ durationS: HOLD_S, target: RATE }] },
          warmupS: 1,
          timeoutMs: 5000,
        }),
      );
    }
    const series = {
      p50: runs.map((r) => r.latencyMs.p50),
      p95: runs.map((r) => r.latencyMs.p95),
      p99: runs.map((r) => r.latencyMs.p99),
      rateRatio: runs.map((r) => r.throughput.achievedRps / r.throughput.targetRps),
      errorRate: runs.map((r) => r.errorRate),
    };
    const stats = Object.fromEntries(
      Object.entries(series).map(([k, v]) => {
        const sorted = [...v].sort((a, b) => a - b);
        const worst = k === 'rateRatio' || k === 'errorRate' ? pairwiseWorst(v, 'abs') : pairwiseWorst(v, 'rel');
        return [k, { min: sorted[0], median: sorted[Math.floor(v.length / 2)], max: sorted[v.length - 1], worstPairwise: worst, values: v }];
      }),
    );
    const out = { rate: RATE, holdS: HOLD_S, runs: RUNS, samplesPerRun: runs.map((r) => r.latencyMs.count), generatorValid: runs.map((r) => r.generator.valid), stats };
    mkdirSync('.tmp', { recursive: true });
    writeFileSync(`.tmp/noise-${RATE}x${HOLD_S}s.json`, JSON.stringify(out, null, 2));
    console.log(JSON.stringify({ ...out, stats: Object.fromEntries(Object.entries(stats).map(([k, s]) => [k, { ...s, values: undefined }])) }, null, 2));
    expect(runs.every((r) => r.requests.completed > 0)).toBe(true);
  });
});
