import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../test/engine/server.ts';
import { resolveConfig } from './config.ts';
import { SuiteContext } from './suite-context.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

let srv: TestServer;
beforeAll(async () => {
  // Seeding answers 200 (not the simulator's body), every login answers a 200 that is not JSON.
  srv = await startServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url?.endsWith('/_sim/seed-users') ? '{}' : '{not json');
  });
});
afterAll(() => srv.close());

describe('set-up errors name the real target', () => {
  it('a broken login endpoint: the message names where logins and seeding went, not "the simulator"', async () => {
    const config = resolveConfig({ BASE_URL: srv.url, PERF_POOL_SIZE: '4' });
    const suite = new SuiteContext(config, srv.url);
    try {
      const err = await suite.pool().then(() => undefined, (e: unknown) => e as Error);
      expect(err?.message).toBeDefined();
      expect(err!.message).not.toContain('on the simulator');
      expect(err!.message).toContain(`logged in 0 of 4 users at POST ${srv.url}/connect/token`);
      expect(err!.message).toContain('answered 200 with truncated or malformed JSON');
      expect(err!.message).toContain('(invalid_body: 200 with truncated or malformed JSON x4)');
      expect(err!.message).not.toContain('http_200');
      expect(err!.message).toContain(`users from 4 users seeded on ${srv.url} (POST /_sim/seed-users)`);
    } finally {
      await suite.close();
    }
  });
});
