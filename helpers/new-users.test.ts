import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimServer, type SimServer } from '../sim/server.ts';
import { resolveConfig } from './config.ts';
import { SuiteContext } from './suite-context.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

let sim: SimServer;
beforeAll(async () => {
  sim = await createSimServer({ profile: 'healthy', config: { timeScale: 0.02 } });
});
afterAll(() => sim.close());

describe('new users against the simulator', () => {
  it('come from a fresh batch never initialised: no sessions, and their first call initialises them, unlike pooled users', async () => {
    const suite = new SuiteContext(resolveConfig({ PERF_POOL_SIZE: '2' }), sim.url);
    try {
      const fresh = await suite.freshUsers(3);
      const pool = await suite.pool();
      const stats = sim.runtime.stats;
      const token = async (email: string, password: string) => {
        const res = await fetch(`${sim.url}/connect/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'password', client_id: 'AevatarAuthServer', scope: 'Aevatar offline_access', username: email, password }).toString(),
        });
        return ((await res.json()) as { access_token: string }).access_token;
      };
      const list = async (t: string) => ((await (await fetch(`${sim.url}/api/godgpt/session-list`, { headers: { authorization: `Bearer ${t}` } })).json()) as { data: unknown[] }).data;
      const before = stats.newUserInitsTotal;
      await list(pool.nextUser().token);
      expect(stats.newUserInitsTotal - before).toBe(0);
      const u = fresh.next();
      expect(await list(await token(u.email, u.password))).toEqual([]);
      expect(stats.newUserInitsTotal - before).toBe(1);
    } finally {
      await suite.close();
    }
  });
});
