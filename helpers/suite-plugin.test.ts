import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { memoryIo } from '../src/cli/io.ts';
import { runLoad } from '../src/index.ts';
import { resetConfig } from './config.ts';
import { ENDPOINT_IDS } from './endpoints.ts';
import { godgptSuite } from './suite-plugin.ts';

describe('godgptSuite against the embedded simulator', () => {
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    process.env.PERF_POOL_SIZE = '10'; // read lazily by getConfig(): keeps set-up logins short
    stop = await godgptSuite.start?.();
  });
  afterAll(async () => {
    await stop?.();
  });

  it('lists every endpoint of the table with its route, target and SLO', () => {
    const eps = godgptSuite.endpoints();
    expect(eps.map((e) => e.id)).toEqual(ENDPOINT_IDS);
    expect(eps.find((e) => e.id === 'user-id')).toMatchObject({ route: 'GET /api/query/user-id', sse: false, slo: { errorRate: 0.01, minRateRatio: 0.95 } });
    expect(eps.filter((e) => e.sse).map((e) => e.id)).toEqual(['guest-chat', 'chat', 'voice-chat']);
    expect(godgptSuite.baseUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each(['account', 'session-info', 'guest-chat', 'connect-token', 'invitation-redeem'])('prepares %s so that a short run succeeds', async (id) => {
    const prepared = await godgptSuite.prepare(id);
    try {
      const summary = await runLoad({
        name: id,
        baseUrl: godgptSuite.baseUrl(),
        scenario: prepared.scenario,
        model: { type: 'arrival-rate', stages: [{ durationS: 1, target: 4 }] },
        warmupS: 0,
        timeoutMs: prepared.timeoutMs,
      });
      expect(summary.requests.completed).toBeGreaterThan(0);
      expect(summary.errors).toEqual({});
      expect(summary.requests.ok).toBe(summary.requests.completed);
    } finally {
      await prepared.close();
    }
  });

  it('refuses an unknown endpoint', async () => {
    await expect(godgptSuite.prepare('nope')).rejects.toThrow(/unknown endpoint "nope"/);
  });
});

describe('pnpm perf capacity and model-check with a bad PERF_USERS_FILE', () => {
  it.each([['capacity', 'user-id'], ['model-check']])('perf %s: exit 2 naming PERF_USERS_FILE before any login or simulator', async (...argv) => {
    const prev = process.env.PERF_USERS_FILE;
    process.env.PERF_USERS_FILE = mkdtempSync(join(tmpdir(), 'perf-users-'));
    resetConfig();
    try {
      const io = memoryIo({ env: {} });
      const code = await runCli(argv, io, godgptSuite);
      expect(code).toBe(2);
      expect(io.err).toEqual([expect.stringMatching(/^PERF_USERS_FILE: .* is a folder, not a file/)]);
    } finally {
      if (prev === undefined) delete process.env.PERF_USERS_FILE;
      else process.env.PERF_USERS_FILE = prev;
      resetConfig();
    }
  });
});
