import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { okHandler, startServer, type TestServer } from '../engine/server.ts';

describe('runLoad workers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(okHandler);
  });
  afterAll(() => server.close());

  test('2 worker processes split the schedule and return one ordinary summary', async () => {
    const progress: number[] = [];
    const s = await runLoad({
      name: 'ping',
      scenario: { url: `${server.url}/ping` },
      model: { type: 'arrival-rate', startRate: 40, stages: [{ durationS: 1, target: 40 }] },
      warmupS: 0,
      workers: 2,
      onProgress: (p) => progress.push(p.last.sent),
    });
    expect(s.requests).toMatchObject({ scheduled: 40, sent: 40, ok: 40 });
    expect(server.hits()).toBe(40);
    expect(s.throughput.targetRps).toBeCloseTo(40, 6);
    expect(s.shard).toBeUndefined();
    expect(s.extra?.workers).toBe(2);
    expect(progress[0]).toBe(40);
  });

  test('a scenario function or a check function is refused with a message saying why', async () => {
    const model = { type: 'arrival-rate' as const, stages: [{ durationS: 1, target: 10 }] };
    await expect(runLoad({ scenario: async () => {}, model, workers: 2 })).rejects.toThrow(/scenario function cannot cross a process boundary/);
    await expect(runLoad({ scenario: { url: `${server.url}/x`, check: () => undefined }, model, workers: 2 })).rejects.toThrow(/check functions cannot cross/);
    await expect(runLoad({ scenario: { url: `${server.url}/x` }, model, workers: 65 })).rejects.toThrow(/workers/);
  });

  test('a worker killed mid-run ends the run with an error naming it and how it ended; the other worker stops', async () => {
    /** Worker processes of this run (children of this process running worker-main). */
    const workerPids = (): number[] => {
      try {
        return execFileSync('pgrep', ['-P', String(process.pid), '-f', 'worker-main'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
      } catch {
        return [];
      }
    };
    const before = server.hits();
    let killed: number | undefined;
    const run = runLoad({
      name: 'kill',
      scenario: { url: `${server.url}/kill` },
      // 300 iterations over 30 s: the other worker must not go on sending its half to the end.
      model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 30, target: 10 }] },
      warmupS: 0,
      workers: 2,
      onProgress: () => {
        if (killed !== undefined) return;
        killed = workerPids()[0];
        if (killed !== undefined) process.kill(killed, 'SIGKILL');
      },
    });
    await expect(run).rejects.toThrow(/^workers failed: worker [01]\/2 was killed by SIGKILL without a summary \(the other workers were stopped\)$/);
    expect(killed).toBeDefined();
    expect(server.hits() - before).toBeLessThan(150);
    expect(workerPids()).toEqual([]);
  });

  test('workers whose parent dies during their set-up end too (no orphan left logging in)', async () => {
    const markers = mkdtempSync(join(tmpdir(), 'perf-workers-'));
    const parent = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/workers-parent.ts', import.meta.url)), markers], { stdio: 'ignore' });
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    // Both workers are in their set-up (each wrote its pid), then the parent dies without a word.
    await expect.poll(() => readdirSync(markers).length, { timeout: 30_000, interval: 100 }).toBe(2);
    const pids = readdirSync(markers).map((f) => Number(readFileSync(join(markers, f), 'utf8')));
    parent.kill('SIGKILL');
    try {
      await expect.poll(() => pids.filter(alive), { timeout: 20_000, interval: 200 }).toEqual([]);
    } finally {
      for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
    }
  });
});
