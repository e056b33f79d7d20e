import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveConfig } from './config.ts';
import { arrayUserList } from './auth/users.ts';
import { GuestIpPool, guestIpSlice } from './seed/guest-ips.ts';
import { generatorShare, SuiteContext } from './suite-context.ts';
import { buildWorkerScenario, workerScenarioModule } from './worker-scenario.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

describe('generator processes share the suite out (PERF_WORKERS)', () => {
  test('a users list is dealt out: every user belongs to exactly one worker', () => {
    const users = arrayUserList(Array.from({ length: 10 }, (_, i) => ({ email: `u${i}@x.test`, password: 'p' })), '10 users');
    const shares = [0, 1, 2].map((index) => generatorShare(users, { index, count: 3 }));
    expect(shares.map((s) => s.size)).toEqual([4, 3, 3]);
    const emails = shares.flatMap((s) => Array.from({ length: s.size }, (_, i) => s.at(i).email));
    expect(emails.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `u${i}@x.test`).sort());
    expect(shares[1]!.describe).toContain('worker 1/3');
    expect(generatorShare(users, { index: 0, count: 1 })).toBe(users);
  });

  test('guest IPs of different workers never meet', () => {
    const seen = new Map<string, number>();
    for (let index = 0; index < 4; index++) {
      const pool = new GuestIpPool({ chatsPerIp: 1, ...guestIpSlice({ index, count: 4 }) });
      for (let i = 0; i < 5000; i++) {
        const ip = pool.fresh();
        expect(seen.get(ip), ip).toBeUndefined();
        seen.set(ip, index);
      }
    }
    expect(guestIpSlice({ index: 0, count: 1 })).toEqual({});
  });

  test('the worker module names its factory by path, and an unknown scenario is named', async () => {
    const ref = workerScenarioModule({ endpoint: 'chat', scenario: 'nope', baseUrl: 'http://127.0.0.1:1' });
    expect(ref.module).toMatch(/helpers\/worker-scenario\.ts$/);
    expect(ref.export).toBe('buildWorkerScenario');
    await expect(buildWorkerScenario(ref.args, { index: 0, count: 2 })).rejects.toThrow('chat has no scenario "nope"');
  });

  test('a users file too small for its share of the workers is refused naming PERF_USERS_FILE, PERF_WORKERS and PERF_POOL_SIZE, before any login', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-users-'));
    const file = join(dir, 'users.csv');
    writeFileSync(file, 'a@x.test,p\nb@x.test,p\nc@x.test,p\n');
    const config = resolveConfig({ PERF_USERS_FILE: file, PERF_POOL_SIZE: '1', BASE_URL: 'http://127.0.0.1:9' });
    // Worker 3 of 4 gets no user of 3: nothing to log in with.
    const suite = new SuiteContext(config, 'http://127.0.0.1:9', { index: 3, count: 4 });
    try {
      await expect(suite.pool()).rejects.toMatchObject({
        code: 'PERF_ERR_CONFIG',
        message: expect.stringMatching(/^PERF_WORKERS=4 deals 3 users from PERF_USERS_FILE out to 4 workers: worker 3\/4 gets 0, and its token pool needs PERF_POOL_SIZE=1 \(4 users in all\); .*fewer workers/),
      });
    } finally {
      await suite.close();
    }
  });
});
