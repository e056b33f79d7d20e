import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../src/cli/io.ts';
import { runCli } from '../src/index.ts';
import { resetConfig } from './config.ts';
import { godgptSuite } from './suite-plugin.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

const ROOT = join(import.meta.dirname, '..');

/** A local "real" target that counts every request (and answers each with an empty 200). */
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

/** `pnpm test:perf godgpt-register` against the counting target with `env`: its output and report.md. */
async function perfRun(env: Record<string, string>): Promise<{ out: string; report: string | undefined }> {
  const dir = mkdtempSync(join(tmpdir(), 'perf-register-skip-'));
  try {
    const out = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'perf', 'godgpt-register'], {
      cwd: ROOT,
      env: { ...process.env, BASE_URL: target, PERF_RESULTS_DIR: dir, PERF_RUN_ID: 'register', NO_COLOR: '1', CI: '1', ...env },
      timeout: 90_000,
    }).then(({ stdout, stderr }) => `${stdout}${stderr}`, (err: { stdout: string; stderr: string }) => `${err.stdout}${err.stderr}`);
    const file = join(dir, 'register', 'report.md');
    const report = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    return { out, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('godgpt-register against a real target', () => {
  it('with accounts allowed but no PERF_REGISTER_CODE: skipped naming PERF_REGISTER_CODE, no API request at all, never passed', async () => {
    requests = [];
    const { out, report } = await perfRun({ PERF_ALLOW_EFFECTS: 'accounts' });
    expect(out).toMatch(/set PERF_REGISTER_CODE/);
    expect(out).toMatch(/Tests\s+1 skipped \(1\)/);
    expect(out).not.toMatch(/Tests\s+\d+ passed|PASS\b/);
    if (report !== undefined) {
      expect(report).toMatch(/set PERF_REGISTER_CODE/);
      expect(report).not.toMatch(/PASS/);
    }
    // The global set-up's reachability probe aside, nothing reached the API or the auth server.
    expect(requests.filter((r) => /\/(api|connect)\//.test(r))).toEqual([]);
  });

  it('pnpm perf capacity godgpt-register with accounts allowed but no PERF_REGISTER_CODE: one line naming it, exit 2, no API request', async () => {
    requests = [];
    const vars = { BASE_URL: target, PERF_ALLOW_EFFECTS: 'accounts' };
    const prev = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    resetConfig();
    const io = memoryIo({ env: {} });
    try {
      expect(await runCli(['capacity', 'godgpt-register'], io, godgptSuite)).toBe(2);
    } finally {
      for (const [k, v] of Object.entries(prev)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetConfig();
    }
    expect(io.err).toEqual([expect.stringMatching(/^godgpt-register: skipped: registration needs the verification code .*set PERF_REGISTER_CODE/)]);
    expect(requests.filter((r) => /\/(api|connect)\//.test(r))).toEqual([]);
  });
});
