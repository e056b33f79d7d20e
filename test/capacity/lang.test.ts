import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapacity } from '../../src/capacity/run.ts';
import { runCapacityCommand } from '../../src/cli/capacity.ts';
import { memoryIo } from '../../src/cli/io.ts';
import type { RunLoad, RunLoadOptions } from '../../src/load/types.ts';
import type { SuitePlugin } from '../../src/suite/types.ts';
import { dist, makeSummary } from '../slo/fixtures.ts';

let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const suite: () => SuitePlugin = () => ({
  baseUrl: () => baseUrl,
  endpoints: () => [{ id: 'ping', route: 'GET /ping', targetRps: 20, slo: { latencyMs: { p95: 500 }, errorRate: 0.01 }, sse: false }],
  prepare: async () => ({ scenario: { url: `${baseUrl}/ping` }, close: async () => undefined }),
});

const ARGS = ['ping', '--start', '10', '--step', '10', '--max', '10', '--step-duration', '2', '--ramp', '0', '--settle', '0', '--max-dispatch-lag', '200', '--max-late-ratio', '0.5'];

describe('perf capacity with PERF_REPORT_LANG=zh', () => {
  it('prints the console output, capacity.md and report.md in one language', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-zh-'));
    const io = memoryIo({ env: { PERF_REPORT_LANG: 'zh' } });
    const code = await runCapacityCommand(ARGS, io, suite(), { resultsDir: dir });
    expect(code, io.err.join('\n')).toBe(0);
    const out = io.out.join('\n');
    expect(out).toMatch(/结论：ping：最大稳定速率 10\/s/);
    expect(out).toMatch(/空载延迟/);
    expect(out).toMatch(/接口\s+最大稳定 QPS\s+开始劣化 QPS\s+关键观察/);
    expect(out).not.toMatch(/verdict|unloaded latency|max stable QPS|degradation threshold/);
    expect(io.err.join('\n')).toMatch(/正在测量空载延迟/);
    expect(io.err.join('\n')).not.toMatch(/measuring unloaded latency/);
    const md = readFileSync(join(dir, 'capacity.md'), 'utf8');
    expect(md).toMatch(/^# 容量 — 运行/);
    expect(md).toMatch(/\| 接口 \| 最大稳定 QPS \| 开始劣化 QPS \| 关键观察 \|/);
    expect(md).not.toMatch(/Unloaded|Max stable|maximum stable|no errors up to/);
    expect(readFileSync(join(dir, 'capacity.json'), 'utf8')).toMatch(/最大稳定速率/);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/容量/);
  });
});

describe('capacity step failures with PERF_REPORT_LANG=zh', () => {
  it('say "应 < 80", not "expected < 80", for a resource bound broken', async () => {
    // Every step: 20 ok requests a second, the target's CPU at 92%.
    const runLoad = (async (o: RunLoadOptions) => {
      const hold = (o.model as { stages: { durationS: number; target: number }[] }).stages.at(-1)!;
      const ok = Math.round(hold.target * hold.durationS);
      return makeSummary({
        window: { kind: 'steady', fromS: 0, toS: hold.durationS },
        requests: { scheduled: ok, sent: ok, completed: ok, ok, failed: 0, dropped: 0 },
        throughput: { targetRps: hold.target, achievedRps: hold.target, sentRps: hold.target },
        latencyMs: dist(ok, { p50: 5, p90: 6, p95: 7, p99: 8, max: 9 }),
        timeline: Array.from({ length: hold.durationS + 1 }, (_, t) => ({
          t, targetRps: hold.target, sent: hold.target, ok: hold.target, failed: 0, dropped: 0, errors: {}, inFlight: 0, p50: 5, p95: 7, p99: 8, resources: { cpuPercent: 92 },
        })),
      });
    }) as unknown as RunLoad;
    const result = await runCapacity({
      name: 'ping', scenario: { url: `${baseUrl}/ping` }, runLoad, lang: 'zh', slo: { resources: { cpuPercent: 80 } },
      startRps: 20, stepRps: 10, maxRps: 20, minRps: 20, stepDurationS: 2, rampS: 0, settleS: 0, unloaded: { timeMs: 200 },
    });
    const failures = result.steps[0]!.failures.join('\n');
    expect(failures).toMatch(/resources\.cpuPercent = 92%，应 < 80/);
    expect(`${failures}\n${result.verdict}`).not.toMatch(/expected/);
  });
});
