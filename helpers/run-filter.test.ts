import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setup, teardown, type SetupExit } from '../perf/global-setup.ts';
import { memoryIo } from '../src/cli/io.ts';
import { runCli } from '../src/cli/main.ts';
import { resetConfig, resolveConfig } from './config.ts';
import type { EndpointDef } from './endpoint.ts';
import { prepareScenario, skipReason } from './run-filter.ts';
import { godgptSuite } from './suite-plugin.ts';
import { SuiteContext } from './suite-context.ts';

const ROOT = join(import.meta.dirname, '..');

/** A local target that counts every request it gets (and answers each with an empty 200). */
let server: Server;
let requests: string[] = [];
let target = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.end('{}');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
});
afterEach(async () => {
  requests = [];
  await teardown();
});

/** Sets `vars` in process.env around `fn` (the configuration is read from there). */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const prev = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  resetConfig();
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(prev)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetConfig();
  }
}

const REGISTER: EndpointDef = {
  id: 'send-register-code',
  route: 'POST /api/account/send-register-code',
  priority: 'P2',
  effects: ['email'],
  targetRps: 5,
  slo: { errorRate: 0.01 },
  why: {},
  sse: false,
  connections: 4,
  timeoutMs: 1000,
  leakCheck: false,
  // Its set-up logs users in: against the counting server that would be requests.
  scenarios: [{ name: 'a visitor asks for a registration code', users: 'new users', build: async (kit) => (await kit.pool(), async () => undefined) }],
};

describe('which scenarios run: effects and priorities', () => {
  const real = { embedded: false, allowEffects: [], priorities: undefined };

  it('skips an effect against any target but the embedded simulator, naming the effect and the setting that allows it', () => {
    expect(skipReason(REGISTER, real)).toBe(
      'it sends an e-mail (effect "email") on a real deployment: skipped against a target other than the embedded simulator; PERF_ALLOW_EFFECTS=email allows it',
    );
    expect(skipReason(REGISTER, { ...real, embedded: true })).toBeUndefined();
    expect(skipReason(REGISTER, { ...real, allowEffects: ['email', 'payments'] })).toBeUndefined();
    const both = { ...REGISTER, effects: ['payments', 'app-store'] } as const;
    expect(skipReason(both, { ...real, allowEffects: ['email', 'payments'] })).toMatch(/calls the app store \(effect "app-store"\).*PERF_ALLOW_EFFECTS=email,payments,app-store allows it$/);
    expect(skipReason({ ...REGISTER, effects: [] }, real)).toBeUndefined();
  });

  it('skips an endpoint whose priority PERF_PRIORITY does not select, naming the setting, also on the simulator', () => {
    expect(skipReason(REGISTER, { ...real, embedded: true, priorities: ['P0', 'P1'] })).toBe('P2, not selected by PERF_PRIORITY=P0,P1');
    expect(skipReason({ ...REGISTER, effects: [], priority: 'P1' }, { ...real, priorities: ['P0', 'P1'] })).toBeUndefined();
  });

  it('reads PERF_ALLOW_EFFECTS and PERF_PRIORITY (comma-separated, any case) and refuses unknown names naming the variable', () => {
    expect(resolveConfig({ PERF_ALLOW_EFFECTS: 'email, Payments', PERF_PRIORITY: 'p0,P1' })).toMatchObject({ allowEffects: ['email', 'payments'], priorities: ['P0', 'P1'] });
    expect(resolveConfig({})).toMatchObject({ allowEffects: [], priorities: undefined });
    expect(() => resolveConfig({ PERF_ALLOW_EFFECTS: 'email,mail' })).toThrow(
      'PERF_ALLOW_EFFECTS: "mail" is not an effect; expected a comma-separated list of email, accounts, payments, app-store (got "email,mail")',
    );
    expect(() => resolveConfig({ PERF_PRIORITY: 'P3' })).toThrow('PERF_PRIORITY: "P3" is not a priority; expected a comma-separated list of P0, P1, P2 (got "P3")');
    expect(() => resolveConfig({ PERF_PRIORITY: ',' })).toThrow(/^PERF_PRIORITY: expected a comma-separated list of P0, P1, P2/);
  });

  it.each([
    [{ PERF_ALLOW_EFFECTS: 'mail' }, /^\[perf\] configuration: PERF_ALLOW_EFFECTS: "mail" is not an effect; /],
    [{ PERF_PRIORITY: 'P0,P9' }, /^\[perf\] configuration: PERF_PRIORITY: "P9" is not a priority; /],
  ])('global set-up refuses %j with one line and exit 2, before any request', async (vars, line) => {
    const lines: string[] = [];
    const out: SetupExit = { stderr: (l) => void lines.push(l), exit: (code) => { throw Object.assign(new Error('exit'), { exitCode: code }); } };
    const err = await withEnv({ BASE_URL: target, ...vars }, () => setup({ provide: () => {} } as never, out).then(() => undefined, (e: { exitCode?: number }) => e));
    expect(err?.exitCode).toBe(2);
    expect(lines).toEqual([expect.stringMatching(line)]);
    expect(requests).toEqual([]);
  });

  it('an effect scenario against a real target sends no request at all, not even its set-up (logins)', async () => {
    await withEnv({ BASE_URL: target }, async () => {
      const suite = new SuiteContext(resolveConfig(process.env), target);
      try {
        const prepared = await prepareScenario(REGISTER, REGISTER.scenarios[0], suite, { embedded: false, resolve: () => { throw new Error('resolved a skipped endpoint'); } });
        expect(prepared).toEqual({ skip: expect.stringContaining('PERF_ALLOW_EFFECTS=email') });
      } finally {
        await suite.close();
      }
    });
    expect(requests).toEqual([]);
  });

  it('pnpm perf capacity of an endpoint PERF_PRIORITY leaves out: one line naming it, exit 2, no request', async () => {
    const io = memoryIo({ env: {} });
    const code = await withEnv({ BASE_URL: target, PERF_PRIORITY: 'P0' }, () => runCli(['capacity', 'account'], io, godgptSuite));
    expect(code).toBe(2);
    expect(io.err).toEqual(['account: skipped: P1, not selected by PERF_PRIORITY=P0']);
    expect(requests).toEqual([]);
  });

  it('pnpm test:perf send-register-code against a real target without PERF_ALLOW_EFFECTS: no request at all, the skip names the effect and the setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-effect-e2e-'));
    try {
      const { code, out } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'perf', 'send-register-code'], {
        cwd: ROOT,
        env: { ...process.env, BASE_URL: target, PERF_RESULTS_DIR: dir, PERF_RUN_ID: 'effects', NO_COLOR: '1', CI: '1' },
        timeout: 90_000,
      }).then(({ stdout, stderr }) => ({ code: 0, out: `${stdout}${stderr}` }), (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, out: `${err.stdout}${err.stderr}` }));
      expect(requests).toEqual([]);
      expect(out).toMatch(/skipped: it sends an e-mail \(effect "email"\) on a real deployment: .*PERF_ALLOW_EFFECTS=email allows it/);
      expect(code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pnpm perf capacity send-register-code against a real target: one line naming the effect, exit 2, no request', async () => {
    const io = memoryIo({ env: {} });
    const code = await withEnv({ BASE_URL: target }, () => runCli(['capacity', 'send-register-code'], io, godgptSuite));
    expect(code).toBe(2);
    expect(io.err).toEqual([expect.stringMatching(/^send-register-code: skipped: it sends an e-mail \(effect "email"\).*PERF_ALLOW_EFFECTS=email allows it$/)]);
    expect(requests).toEqual([]);
  });

  it('pnpm test:perf of an endpoint PERF_PRIORITY leaves out: no request at all, not even the reachability check; the skip and its reason are printed, never passed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-filter-e2e-'));
    try {
      const { code, out } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'perf', 'user-id'], {
        cwd: ROOT,
        env: { ...process.env, BASE_URL: target, PERF_PRIORITY: 'P0', PERF_RESULTS_DIR: dir, PERF_RUN_ID: 'filtered', NO_COLOR: '1', CI: '1' },
        timeout: 90_000,
      }).then(({ stdout, stderr }) => ({ code: 0, out: `${stdout}${stderr}` }), (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, out: `${err.stdout}${err.stderr}` }));
      expect(requests).toEqual([]);
      expect(out).toMatch(/\[perf\] perf\/user-id\.perf\.ts: a logged-in user asks for their user id: skipped: P1, not selected by PERF_PRIORITY=P0/);
      expect(out).toMatch(/Tests\s+1 skipped \(1\)/);
      // Nothing measured is never a pass.
      expect(code).toBe(1);
      const report = join(dir, 'filtered', 'report.md');
      if (existsSync(report)) expect(readFileSync(report, 'utf8')).not.toMatch(/PASS/);
      expect(existsSync(join(dir, 'filtered', 'runs')) ? readdirSync(join(dir, 'filtered', 'runs')) : []).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
