import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../src/index.ts';
import { endpointIds } from './endpoints.ts';
import { godgptSuite } from './suite-plugin.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

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
    expect(eps.map((e) => e.id)).toEqual(endpointIds());
    expect(eps.find((e) => e.id === 'user-id')).toMatchObject({ route: 'GET /api/query/user-id', sse: false, slo: { errorRate: 0.01, minRateRatio: 0.95 } });
    expect(eps.filter((e) => e.sse).map((e) => e.id)).toEqual(['guest-chat', 'chat', 'voice-chat', 'image-chat']);
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
