import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createSimServer } from '../../sim/server.ts';
import { GodGptClient, LoginError } from '../client/godgpt-client.ts';
import { isPerfError } from '../../src/index.ts';
import { TokenPool, type TokenIssuer } from './token-pool.ts';
import { arrayUserList } from './users.ts';

const users = (n: number) => arrayUserList(Array.from({ length: n }, (_, i) => ({ email: `u${i}@teml.net`, password: `secret-${i}` })), `${n} test users`);

/** A fake auth server: counts calls, fails the emails it is told to, issues numbered tokens. */
function fakeIssuer(opts: { fail?: (email: string) => boolean; expiresInS?: number } = {}) {
  let n = 0;
  const calls = { login: 0, refresh: 0, inFlight: 0, maxInFlight: 0 };
  const issue = () => ({ access_token: `at-${++n}`, token_type: 'Bearer' as const, expires_in: opts.expiresInS ?? 3600, refresh_token: `rt-${n}` });
  const issuer: TokenIssuer = {
    async login(email) {
      calls.login++;
      calls.inFlight++;
      calls.maxInFlight = Math.max(calls.maxInFlight, calls.inFlight);
      await new Promise((r) => setTimeout(r, 2));
      calls.inFlight--;
      if (opts.fail?.(email)) throw new LoginError('invalid_grant', `login of ${email}: invalid_grant`);
      return issue();
    },
    async refresh() {
      calls.refresh++;
      await new Promise((r) => setTimeout(r, 2));
      return issue();
    },
  };
  return { issuer, calls };
}

describe('TokenPool', () => {
  it('logs in distinct users with bounded concurrency and hands tokens out round-robin', async () => {
    const { issuer, calls } = fakeIssuer();
    const pool = await TokenPool.fill({ issuer, users: users(10), size: 6, concurrency: 3 });
    expect(calls.login).toBe(6);
    expect(calls.maxInFlight).toBeLessThanOrEqual(3);
    const handed = Array.from({ length: 12 }, () => pool.next());
    expect(new Set(handed).size).toBe(6);
    expect(handed.slice(0, 6)).toEqual(handed.slice(6));
    expect(pool.nextUser().email).toBe('u0@teml.net');
    await pool.close();
  });

  it('fails with a count and the reasons when too many logins fail, never with a password', async () => {
    const { issuer } = fakeIssuer({ fail: (e) => e !== 'u1@teml.net' && e !== 'u2@teml.net' && e !== 'u3@teml.net' });
    const err = await TokenPool.fill({ issuer, users: users(200), size: 200, concurrency: 16 }).catch((e: unknown) => e);
    expect(isPerfError(err) && err.code).toBe('PERF_ERR_SETUP');
    expect((err as Error).message).toContain('logged in 3 of 200 users: 197 failed (invalid_grant x197)');
    expect((err as Error).message).not.toMatch(/secret-/);
  });

  it('tolerates failures up to maxFailureRatio and reports them', async () => {
    const { issuer } = fakeIssuer({ fail: (e) => e === 'u4@teml.net' });
    const pool = await TokenPool.fill({ issuer, users: users(20), size: 20, maxFailureRatio: 0.1 });
    expect(pool.size).toBe(19);
    expect(pool.report()).toMatchObject({ size: 19, loginFailures: 1, failureReasons: { invalid_grant: 1 } });
    await pool.close();
  });

  it('refuses a pool larger than the user list', async () => {
    const { issuer } = fakeIssuer();
    await expect(TokenPool.fill({ issuer, users: users(2), size: 5 })).rejects.toThrow(/wants 5 users but 2 test users has only 2/);
  });

  it('refreshes tokens that are about to expire, with the refresh token', async () => {
    let now = 1_000_000;
    const { issuer, calls } = fakeIssuer({ expiresInS: 300 });
    const pool = await TokenPool.fill({ issuer, users: users(3), size: 3, refreshMarginS: 60, now: () => now, checkEveryMs: 60_000 });
    const before = [pool.user(0).token, pool.user(1).token, pool.user(2).token];
    await pool.refreshDue();
    expect(calls.refresh).toBe(0);
    now += 241_000; // within 60 s of expiry
    await pool.refreshDue();
    expect(calls.refresh).toBe(3);
    const after = [pool.user(0).token, pool.user(1).token, pool.user(2).token];
    expect(after.some((t, i) => t === before[i])).toBe(false);
    expect(pool.report().refreshes).toBe(3);
    await pool.close();
  });

  it('refreshes a user once after a 401, however many requests saw it', async () => {
    const { issuer, calls } = fakeIssuer();
    const pool = await TokenPool.fill({ issuer, users: users(2), size: 2 });
    const token = pool.user(0).token;
    pool.onUnauthorized(token);
    pool.onUnauthorized(token);
    await pool.close(); // waits for the refresh in flight
    expect(calls.refresh).toBe(1);
    expect(pool.user(0).token).not.toBe(token);
    pool.onUnauthorized(token); // stale token: ignored
    expect(pool.report().unauthorized).toBe(2);
  });

  it('logs in again when the refresh token is refused', async () => {
    const { issuer, calls } = fakeIssuer();
    issuer.refresh = async () => {
      throw new LoginError('invalid_grant', 'token refresh: invalid_grant');
    };
    const pool = await TokenPool.fill({ issuer, users: users(1), size: 1 });
    const token = pool.next();
    pool.onUnauthorized(token);
    await pool.close();
    expect(calls.login).toBe(2);
    expect(pool.next()).not.toBe(token);
    expect(pool.report()).toMatchObject({ refreshes: 1, refreshFailures: 0 });
  });
});

/** A /connect/token behind a broken proxy: answers every request 200 with `body`. */
async function brokenTokenEndpoint(body: string, contentType = 'application/json') {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('TokenPool behind a proxy that answers /connect/token 200 with something else than a token', () => {
  it.each([
    ['HTML', '<html><body>Proxy login page</body></html>', 'text/html', /invalid_body: 200 with an HTML page instead of a token x4/],
    ['garbage', 'garbage\u0000\u0001', 'application/octet-stream', /invalid_body: 200 with a body that is not JSON x4/],
    ['truncated JSON', '{"access_token":"abc","token_type":"Bea', 'application/json', /invalid_body: 200 with truncated or malformed JSON x4/],
    ['JSON without access_token', '{"token_type":"Bearer","expires_in":3600}', 'application/json', /invalid_body: 200 without access_token x4/],
    ['JSON that is no object', '[]', 'application/json', /invalid_body: 200 without access_token x4/],
  ])('%s: the set-up error names what was wrong, never "http_200"', async (_what, body, type, reason) => {
    const srv = await brokenTokenEndpoint(body, type);
    const client = new GodGptClient({ baseUrl: srv.url, authUrl: srv.url });
    try {
      const err = await TokenPool.fill({ issuer: client, users: users(4), size: 4, concurrency: 2 }).catch((e: unknown) => e);
      expect(isPerfError(err) && err.code).toBe('PERF_ERR_SETUP');
      const message = (err as Error).message;
      expect(message).toMatch(/logged in 0 of 4 users/);
      expect(message).toMatch(reason);
      expect(message).not.toMatch(/http_200|secret-/);
    } finally {
      await client.close();
      await srv.close();
    }
  });
});

describe('TokenPool against the simulator', () => {
  it('refreshes real simulator tokens when a test shortens their lifetime (the 172,799 s default never expires in a run)', async () => {
    const sim = await createSimServer({ profile: 'fast', config: { tokenLifetimeS: 2 } });
    const client = new GodGptClient({ baseUrl: sim.url });
    try {
      const seeded = await (await fetch(`${sim.url}/_sim/seed-users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 2, emailPrefix: 'poolsim', password: 'Passw0rd!' }) })).json() as { users: { email: string }[] };
      const pool = await TokenPool.fill({ issuer: client, users: arrayUserList(seeded.users.map((u) => ({ email: u.email, password: 'Passw0rd!' })), 'sim users'), size: 2, refreshMarginS: 60, checkEveryMs: 60_000 });
      const before = pool.next();
      await pool.refreshDue();
      expect(pool.report().refreshes).toBe(2);
      expect(pool.next()).not.toBe(before);
      await pool.close();
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it('sends a fresh W3C traceparent with every login, and none with trace: false', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `at-${seen.length}`, token_type: 'Bearer', expires_in: 3600, refresh_token: `rt-${seen.length}` }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const trace of [{ sampled: true }, false] as const) {
        seen.length = 0;
        const client = new GodGptClient({ baseUrl: url, authUrl: url }, { trace });
        const pool = await TokenPool.fill({ issuer: client, users: users(5), size: 5, concurrency: 2 });
        await pool.close();
        await client.close();
        expect(seen.length).toBe(5);
        if (trace === false) {
          expect(seen.every((h) => h === undefined)).toBe(true);
        } else {
          expect(seen.every((h) => /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/.test(h ?? ''))).toBe(true);
          expect(new Set(seen.map((h) => h!.slice(3, 35))).size).toBe(5);
        }
      }
    } finally {
      server.close();
    }
  });
});
