import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, resetConfig, resolveConfig } from './config.ts';
import { parseUsersFile, rangeEmail, userList } from './auth/users.ts';
import { getProfile, profileStages, PROFILES } from './profiles.ts';
import { NEW_USERS_KEEP_STATE, resolveEndpoint } from './resolve-endpoint.ts';
import { endpointDef } from './endpoints.ts';
import { GuestIpPool } from './seed/guest-ips.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

const dir = mkdtempSync(join(tmpdir(), 'godgpt-perf-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('resolveConfig', () => {
  it('defaults: simulator target, pr profile, seeded users', () => {
    const c = resolveConfig({});
    expect(c).toMatchObject({ baseUrl: undefined, perfProfile: 'pr', simProfile: 'healthy', rateScale: 1, poolSize: 200, users: { kind: 'sim-seed' } });
  });

  it('keeps the gateway prefix of BASE_URL and defaults AUTH_URL to it', () => {
    const c = resolveConfig({ BASE_URL: 'https://host/godgpt-client/', PERF_ALLOW_HOSTS: 'host' });
    expect(c.baseUrl).toBe('https://host/godgpt-client');
    expect(c.authUrl).toBe('https://host/godgpt-client');
  });

  it('names BASE_URL when it is not a URL, and ignores vite\'s BASE_URL=/', () => {
    expect(() => resolveConfig({ BASE_URL: 'localhost:8080' })).toThrow(/BASE_URL: expected an http\(s\) URL .*\(got "localhost:8080"\)/);
    expect(resolveConfig({ BASE_URL: '/' }).baseUrl).toBeUndefined();
  });

  it('refuses a BASE_URL or AUTH_URL outside loopback unless PERF_ALLOW_HOSTS names its host', () => {
    expect(() => resolveConfig({ BASE_URL: 'https://prod.example.com/godgpt-client' })).toThrow(
      /BASE_URL: prod\.example\.com is not a loopback host .*set PERF_ALLOW_HOSTS=prod\.example\.com/,
    );
    expect(() => resolveConfig({ BASE_URL: 'http://127.0.0.1:8080', AUTH_URL: 'https://auth.example.com' })).toThrow(/AUTH_URL: auth\.example\.com/);
    expect(resolveConfig({ BASE_URL: 'https://PROD.example.com', PERF_ALLOW_HOSTS: 'staging.example.com, prod.example.com' }).baseUrl).toBe('https://PROD.example.com');
    for (const local of ['http://127.0.0.1:1', 'http://localhost:8080', 'http://[::1]:9', 'http://127.8.9.10']) {
      expect(resolveConfig({ BASE_URL: local }).baseUrl).toBe(local);
    }
    expect(() => resolveConfig({ BASE_URL: 'http://10.0.0.5', PERF_ALLOW_HOSTS: 'https://10.0.0.5' })).toThrow(/PERF_ALLOW_HOSTS: expected host names/);
  });

  it('names the variable of a bad number', () => {
    expect(() => resolveConfig({ PERF_RATE_SCALE: 'fast' })).toThrow(/PERF_RATE_SCALE: expected a number in \[0\.001, 100\] \(got "fast"\)/);
    expect(() => resolveConfig({ PERF_POOL_SIZE: '0' })).toThrow(/PERF_POOL_SIZE: expected an integer in \[1, ∞\] \(got "0"\)/);
  });

  it('reads a QA range of users and checks it', () => {
    const c = resolveConfig({ PERF_USER_EMAIL_PREFIX: 'qa', PERF_USER_RANGE: '1-30000', PERF_USER_PASSWORD: 'pw' });
    expect(c.users).toEqual({ kind: 'range', emailPrefix: 'qa', from: 1, to: 30000, password: 'pw' });
    const list = userList(c.users as Extract<typeof c.users, { kind: 'range' }>);
    expect(list.size).toBe(30000);
    expect(list.at(0).email).toBe('qa1@teml.net');
    expect(() => resolveConfig({ PERF_USER_EMAIL_PREFIX: 'qa', PERF_USER_RANGE: '1..3', PERF_USER_PASSWORD: 'pw' })).toThrow(/PERF_USER_RANGE must look like 1-30000/);
    expect(() => resolveConfig({ PERF_USER_EMAIL_PREFIX: 'qa', PERF_USER_RANGE: '1-3' })).toThrow(/PERF_USER_PASSWORD is required/);
    expect(rangeEmail('load+@example.com', 7)).toBe('load+7@example.com');
  });
});

describe('users file', () => {
  it('parses CSV with or without a header, and JSON', () => {
    expect(parseUsersFile('email,password\na@x.io,p1\n# c\n"b@x.io","p,2"\n', 'u.csv')).toEqual([
      { email: 'a@x.io', password: 'p1' },
      { email: 'b@x.io', password: 'p,2' },
    ]);
    expect(parseUsersFile('[{"email":"a@x.io","password":"p"},["b@x.io","q"]]', 'u.json')).toEqual([
      { email: 'a@x.io', password: 'p' },
      { email: 'b@x.io', password: 'q' },
    ]);
  });

  it('names the file and line of a bad row', () => {
    expect(() => parseUsersFile('a@x.io,p\nnot-an-email\n', 'u.csv')).toThrow(/PERF_USERS_FILE: u.csv line 2/);
  });
});

/** Runs `fn` with `vars` set in process.env (undefined deletes), then restores it and the config cache. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = { ...process.env };
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfig();
  try {
    return fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    resetConfig();
  }
}

describe('getConfig reads the same .env file as the CLI', () => {
  it('honours PERF_ENV_FILE, so a target set there is not silently replaced by the simulator', () => {
    const envFile = file('target.env', 'BASE_URL=http://127.0.0.1:9/godgpt-client\nPERF_PROFILE=smoke\n');
    const config = withEnv({ PERF_ENV_FILE: envFile, BASE_URL: undefined, PERF_PROFILE: undefined }, () => getConfig());
    expect(config).toMatchObject({ baseUrl: 'http://127.0.0.1:9/godgpt-client', perfProfile: 'smoke' });
  });

  it("replaces vitest's own BASE_URL=/ with the file's value, but never a BASE_URL the user set", () => {
    const envFile = file('base.env', 'BASE_URL=http://127.0.0.1:9\n');
    expect(withEnv({ PERF_ENV_FILE: envFile, BASE_URL: '/' }, () => getConfig().baseUrl)).toBe('http://127.0.0.1:9');
    expect(withEnv({ PERF_ENV_FILE: envFile, BASE_URL: 'http://127.0.0.1:8' }, () => getConfig().baseUrl)).toBe('http://127.0.0.1:8');
  });

  it('names the file and line of a malformed line without printing it (it may hold a password)', () => {
    const envFile = file('bad.env', 'A=1\nPERF_USER_PASSWORD hunter2\n');
    let message = '';
    try {
      withEnv({ PERF_ENV_FILE: envFile }, () => getConfig());
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/bad\.env:2: malformed line, expected KEY=value/);
    expect(message).not.toMatch(/hunter2/);
  });

  it('is a ConfigError naming PERF_ENV_FILE when the file it names does not exist', () => {
    expect(() => withEnv({ PERF_ENV_FILE: join(dir, 'missing.env') }, () => getConfig())).toThrow(/^PERF_ENV_FILE \(.*missing\.env\): cannot read .*ENOENT/);
  });
});

describe('profiles', () => {
  it('rejects an unknown profile naming PERF_PROFILE and the allowed values', () => {
    expect(() => getProfile('nightly')).toThrow('PERF_PROFILE="nightly" is not a load profile; expected one of smoke, pr, full, soak');
  });

  it('builds ramp then hold; smoke runs 10% of target with a floor of 2/s', () => {
    expect(profileStages(PROFILES.full, 100)).toEqual([{ durationS: 60, target: 100 }, { durationS: 300, target: 100 }]);
    expect(profileStages(PROFILES.smoke, 100)).toEqual([{ durationS: 1, target: 10 }, { durationS: 3, target: 10 }]);
    expect(profileStages(PROFILES.smoke, 10)[1]!.target).toBe(2);
  });

  it('gives a pull request its time by priority: pr holds P0 for 20 s, P1 for 15 s, P2 for 8 s', () => {
    const pr = (id: string) => resolveEndpoint(id, resolveConfig({ PERF_PROFILE: 'pr' }), {});
    expect(pr('chat').stages.at(-1)!.durationS).toBe(20);
    expect(pr('session-info').stages.at(-1)!.durationS).toBe(15);
    expect(pr('share-read').stages.at(-1)!.durationS).toBe(8);
    expect(pr('share-read').profile.holdS).toBe(8);
    // A rate judged on fewer than 50 iterations moves by 2% on its window's edges: skipped, with its reason.
    const smokeShare = resolveEndpoint('share-read', resolveConfig({ PERF_PROFILE: 'smoke' }), {});
    expect(smokeShare.slo.minRateRatio).toBeUndefined();
    expect(smokeShare.skipReasons['rateRatio']).toMatch(/fewer than 50 iterations expected in the smoke hold/);
    expect(pr('share-read').slo.minRateRatio).toBe(0.95);
    expect(resolveEndpoint('user-id', resolveConfig({ PERF_PROFILE: 'smoke' }), {}).slo.minRateRatio).toBe(0.95);
    // Smoke's P2 holds are too short for any percentile either way (2-3/s): 2 s, not 3.
    expect(resolveEndpoint('share-read', resolveConfig({ PERF_PROFILE: 'smoke' }), {}).stages.at(-1)!.durationS).toBe(2);
    expect(resolveEndpoint('chat', resolveConfig({ PERF_PROFILE: 'smoke' }), {}).stages.at(-1)!.durationS).toBe(3);
    // Other profiles hold every priority alike.
    expect(resolveEndpoint('share-read', resolveConfig({ PERF_PROFILE: 'full' }), {}).stages.at(-1)!.durationS).toBe(300);
  });
});

describe('resolveEndpoint', () => {
  it('reads PERF_RATE_<ID> with the engine env-number reader, naming the variable and its unit', () => {
    const config = resolveConfig({});
    expect(() => resolveEndpoint('guest-chat', config, { PERF_RATE_GUEST_CHAT: 'fast' })).toThrow(
      /PERF_RATE_GUEST_CHAT: expected a positive number of requests per second \(got "fast"\)/,
    );
    expect(() => resolveEndpoint('guest-chat', config, { PERF_RATE_GUEST_CHAT: '0' })).toThrow(/PERF_RATE_GUEST_CHAT: expected a positive number/);
    expect(resolveEndpoint('guest-chat', config, { PERF_RATE_GUEST_CHAT: ' ' }).targetRps).toBe(resolveEndpoint('guest-chat', config, {}).targetRps);
  });

  it('applies the table, the PERF_CONFIG file, env overrides (env wins) and PERF_RATE_SCALE', () => {
    const cfgFile = file('perf.config.json', JSON.stringify({ endpoints: { 'guest-chat': { targetRps: 40, slo: { latencyMs: { p95: 9000 } } } } }));
    const config = resolveConfig({ PERF_CONFIG: cfgFile, PERF_RATE_SCALE: '0.5', PERF_PROFILE: 'full' });
    const e = resolveEndpoint('guest-chat', config, { PERF_SLO_GUEST_CHAT: 'p99<7000,errors<0.02' });
    expect(e.targetRps).toBe(20);
    expect(e.slo.latencyMs).toEqual({ p95: 9000, p99: 7000 });
    expect(e.slo.errorRate).toBe(0.02);
    expect(e.slo.ttftMs).toEqual({ p95: 1000, p99: 2000 });
    const e2 = resolveEndpoint('guest-chat', config, { PERF_RATE_GUEST_CHAT: '50' });
    expect(e2.targetRps).toBe(25);
  });

  it('names the variable or key of a bad override', () => {
    const config = resolveConfig({});
    expect(() => resolveEndpoint('account', config, { PERF_RATE_ACCOUNT: '-3' })).toThrow(/PERF_RATE_ACCOUNT: expected a positive number of requests per second \(got "-3"\)/);
    expect(() => resolveEndpoint('account', config, { PERF_SLO_ACCOUNT: 'p95<<3' })).toThrow(/PERF_SLO_ACCOUNT/);
    const bad = resolveConfig({ PERF_CONFIG: file('bad.json', JSON.stringify({ endpoints: { 'guest-chatt': { targetRps: 1 } } })) });
    expect(() => resolveEndpoint('account', bad, {})).toThrow(/PERF_CONFIG: .*bad.json is invalid[\s\S]*unknown endpoint "guest-chatt"/);
    const bad2 = resolveConfig({ PERF_CONFIG: file('bad2.json', JSON.stringify({ endpoints: { account: { targetRps: 'x' } } })) });
    expect(() => resolveEndpoint('account', bad2, {})).toThrow(/endpoints\.account\.targetRps/);
  });

  it('drops p99 bounds that a smoke hold cannot measure, and says so', () => {
    const e = resolveEndpoint('chat', resolveConfig({ PERF_PROFILE: 'smoke' }), {});
    expect(e.holdRps).toBe(10);
    expect(e.slo.latencyMs).toEqual({ p95: 4000 });
    expect(e.skippedBounds).toEqual(['latency.p99', 'ttft.p99', 'rateRatio', 'leak']);
    expect(e.skipReasons['leak']).toMatch(/no cool-down in the smoke profile/);
    expect(resolveEndpoint('chat', resolveConfig({ PERF_PROFILE: 'pr' }), {}).skippedBounds).toEqual([]);
  });

  it('bounds CPU at 80% where a sampler measures it, and skips the bound against a target without one', () => {
    const embedded = resolveEndpoint('connect-token', resolveConfig({}), {});
    expect(embedded.slo.resources).toEqual({ cpuPercent: 80 });
    const real = resolveConfig({ BASE_URL: 'https://godgpt.example', PERF_ALLOW_HOSTS: 'godgpt.example' });
    const bare = resolveEndpoint('connect-token', real, {});
    expect(bare.slo.resources).toBeUndefined();
    expect(bare.skippedBounds).toEqual(['resources.cpuPercent']);
    expect(bare.skipReasons['resources.cpuPercent']).toMatch(/PERF_METRICS_URL/);
    const scraped = resolveEndpoint('connect-token', real, { PERF_METRICS_URL: 'https://godgpt.example/metrics' });
    expect(scraped.slo.resources).toEqual({ cpuPercent: 80 });
    const queried = resolveEndpoint('connect-token', real, { PERF_PROMETHEUS_URL: 'http://prom:9090', PERF_PROMETHEUS_QUERIES: 'cpuPercent=rate(x[1m])*100' });
    expect(queried.slo.resources).toEqual({ cpuPercent: 80 });
  });

  it("skips the leak check of a new-user scenario with its reason (first logins add account state meant to stay), and keeps it for old users", () => {
    const chat = endpointDef('chat');
    const newUsers = chat.scenarios.find((sc) => sc.users === 'new users')!;
    const oldUsers = chat.scenarios.find((sc) => sc.users === 'old users')!;
    const fresh = resolveEndpoint('chat', resolveConfig({}), {}, newUsers);
    expect(fresh.skippedBounds).toContain('leak');
    expect(fresh.skipReasons['leak']).toBe(NEW_USERS_KEEP_STATE);
    expect(resolveEndpoint('chat', resolveConfig({}), {}, oldUsers).skippedBounds).not.toContain('leak');
  });

  it('leak-checks create-session and chat with the profile cool-down, PERF_COOLDOWN_S winning', () => {
    expect(resolveEndpoint('create-session', resolveConfig({}), {})).toMatchObject({ leakCheck: true, cooldownS: 10 });
    expect(resolveEndpoint('chat', resolveConfig({ PERF_PROFILE: 'full' }), {})).toMatchObject({ leakCheck: true, cooldownS: 60 });
    expect(resolveEndpoint('chat', resolveConfig({ PERF_COOLDOWN_S: '4' }), {}).cooldownS).toBe(4);
    expect(resolveEndpoint('account', resolveConfig({}), {}).leakCheck).toBe(false);
    const noMemory = resolveEndpoint('chat', resolveConfig({ BASE_URL: 'https://godgpt.example', PERF_ALLOW_HOSTS: 'godgpt.example' }), {});
    expect(noMemory.skippedBounds).toContain('leak');
    expect(() => resolveConfig({ PERF_COOLDOWN_S: '-1' })).toThrow(/PERF_COOLDOWN_S/);
  });
});

describe('GuestIpPool', () => {
  it('uses an IP for at most chatsPerIp chats and never for two iterations at once', () => {
    const pool = new GuestIpPool({ chatsPerIp: 3, base: (10 << 24) + 254 });
    const a = pool.acquire();
    const b = pool.acquire();
    expect(a.ip).not.toBe(b.ip);
    expect([a.ip, b.ip]).toEqual(['10.0.0.254', '10.0.1.1']);
    pool.release(a);
    expect(pool.acquire().ip).toBe(a.ip);
    pool.release(a);
    expect(pool.acquire().ip).toBe(a.ip);
    pool.release(a); // third use done
    expect(pool.acquire().ip).not.toBe(a.ip);
    const c = pool.acquire();
    pool.release(c, true); // the service said the limit is reached
    expect(pool.acquire().ip).not.toBe(c.ip);
  });
});
