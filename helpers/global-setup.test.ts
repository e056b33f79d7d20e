import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { setup, teardown, type SetupExit } from '../perf/global-setup.ts';
import { startTextServer } from '../test/resources/metrics-server.ts';
import { resetConfig } from './config.ts';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Records what setup prints and turns its exit into a rejection. */
function capture(): SetupExit & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    stderr: (line) => void lines.push(line),
    exit: (code) => {
      throw new Exited(code);
    },
  };
}

/** Runs setup with `vars` set; returns the lines it printed and its exit code. */
async function failedSetup(vars: Record<string, string>): Promise<{ lines: string[]; code: number }> {
  const prev = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  resetConfig();
  const out = capture();
  try {
    await setup(fakeProject().project, out);
    throw new Error('setup did not fail');
  } catch (err) {
    if (!(err instanceof Exited)) throw err;
    return { lines: out.lines, code: err.code };
  } finally {
    for (const [k, v] of Object.entries(prev)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function fakeProject() {
  const provided: Record<string, unknown> = {};
  return { provided, project: { provide: (k: string, v: unknown) => void (provided[k] = v) } as never };
}

const saved = { BASE_URL: process.env.BASE_URL, SIM_PROFILE: process.env.SIM_PROFILE };

afterEach(async () => {
  await teardown();
  if (saved.BASE_URL === undefined) delete process.env.BASE_URL;
  else process.env.BASE_URL = saved.BASE_URL;
  if (saved.SIM_PROFILE === undefined) delete process.env.SIM_PROFILE;
  else process.env.SIM_PROFILE = saved.SIM_PROFILE;
  resetConfig();
});

describe('perf global setup', () => {
  it('fails naming BASE_URL when the target does not answer: one line, exit 2', async () => {
    const { lines, code } = await failedSetup({ BASE_URL: 'http://127.0.0.1:9' });
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[perf\] BASE_URL=http:\/\/127\.0\.0\.1:9 does not answer/);
  });

  it('starts the simulator when BASE_URL is unset, provides its URL and stops it in teardown', async () => {
    delete process.env.BASE_URL;
    process.env.SIM_PROFILE = 'fast';
    resetConfig();
    const { project, provided } = fakeProject();
    await setup(project);
    expect(provided.perfEmbeddedSim).toBe(true);
    const url = provided.perfBaseUrl as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.PERF_RUN_ID).toBeTruthy();
    const res = await request(`${url}/api/godgpt/query-version`);
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    await teardown();
    await expect(request(`${url}/api/godgpt/query-version`)).rejects.toThrow();
  });

  it('names PERF_PROFILE when the profile is unknown: one line, exit 2', async () => {
    const { lines, code } = await failedSetup({ BASE_URL: 'http://127.0.0.1:9', PERF_PROFILE: 'nightly' });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^\[perf\] configuration: PERF_PROFILE="nightly" is not a load profile/)]);
  });

  it('names PERF_WORKERS when it is not a worker count, and refuses it with PERF_SHARD: one line, exit 2', async () => {
    for (const bad of ['0', '1.5', '65', 'two']) {
      const { lines, code } = await failedSetup({ BASE_URL: 'http://127.0.0.1:9', PERF_WORKERS: bad });
      expect(code).toBe(2);
      expect(lines).toEqual([`[perf] configuration: PERF_WORKERS: expected an integer from 1 to 64, got "${bad}"`]);
    }
    const { lines, code } = await failedSetup({ BASE_URL: 'http://127.0.0.1:9', PERF_WORKERS: '2', PERF_SHARD: '0/2', PERF_START_AT: '2030-01-01T00:00:00Z' });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^\[perf\] configuration: PERF_WORKERS and PERF_SHARD do not combine/)]);
  });

  it('names PERF_USERS_FILE when it is missing, a folder or has a bad line: one line, exit 2, before any login or request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-users-'));
    const badLine = join(dir, 'users.csv');
    writeFileSync(badLine, 'a@teml.net,pw\nb@teml.net\n');
    const cases: [string, RegExp][] = [
      [join(dir, 'none.csv'), /^\[perf\] configuration: PERF_USERS_FILE: .*none\.csv does not exist$/],
      [dir, /^\[perf\] configuration: PERF_USERS_FILE: .* is a folder, not a file/],
      [badLine, /^\[perf\] configuration: PERF_USERS_FILE: .*users\.csv line 2 is not "email,password"$/],
    ];
    for (const [path, message] of cases) {
      // BASE_URL does not answer: a users problem must be named before the target is even tried.
      const { lines, code } = await failedSetup({ BASE_URL: 'http://127.0.0.1:9', PERF_USERS_FILE: path });
      expect(code).toBe(2);
      expect(lines).toEqual([expect.stringMatching(message)]);
    }
  });

  it('checks PERF_START_AT before any login: a past or more than 24 h away start is refused, otherwise the wait is printed', async () => {
    const past = await failedSetup({ BASE_URL: 'http://127.0.0.1:9', PERF_SHARD: '0/2', PERF_START_AT: String(Date.now() - 60_000) });
    expect(past.code).toBe(2);
    expect(past.lines).toEqual([expect.stringMatching(/^\[perf\] configuration: PERF_START_AT: \S+ is already past \(now .*, 1 min \d* ?s? ?late\)/)]);
    const far = await failedSetup({ BASE_URL: 'http://127.0.0.1:9', PERF_SHARD: '0/2', PERF_START_AT: '2099-01-01T00:00:00Z' });
    expect(far.code).toBe(2);
    expect(far.lines).toEqual([expect.stringMatching(/^\[perf\] configuration: PERF_START_AT: 2099-01-01T00:00:00\.000Z is \d+ days away; expected at most 24 h/)]);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const near = await failedSetup({ BASE_URL: 'http://127.0.0.1:9', PERF_SHARD: '0/2', PERF_START_AT: at });
    expect(near.lines[0]).toMatch(new RegExp(`^\\[perf\\] PERF_START_AT: waiting (59 min 5\\d s|1 h), until ${at.replace(/\./g, '\\.')}, to start recording$`));
    expect(near.lines[1]).toMatch(/BASE_URL=http:\/\/127\.0\.0\.1:9 does not answer/);
  });

  it('refuses an SLO it cannot measure before any run: stream bounds on a JSON endpoint, CPU from a source without the series', async () => {
    const stream = await failedSetup({ BASE_URL: 'http://127.0.0.1:9', PERF_SLO_USER_ID: 'ttft_p95<100' });
    expect(stream.code).toBe(2);
    expect(stream.lines).toEqual([expect.stringMatching(/^\[perf\] configuration: PERF_SLO_USER_ID: ttft\.p95 cannot be measured: user-id is not an SSE stream/)]);
    const srv = await startTextServer(() => ({ body: 'process_resident_memory_bytes 1\n' }));
    try {
      const cpu = await failedSetup({ BASE_URL: srv.url, PERF_METRICS_URL: `${srv.url}/metrics` });
      expect(cpu.code).toBe(2);
      expect(cpu.lines).toEqual([expect.stringMatching(new RegExp(`^\\[perf\\] configuration: resources\\.cpuPercent \\(SLO of .*\\) cannot be measured: PERF_METRICS_URL ${srv.url}/metrics gave no cpuPercent`))]);
    } finally {
      await srv.close();
    }
  });

  it('rejects a bad endpoint override before any test starts', async () => {
    const { lines, code } = await failedSetup({ BASE_URL: 'http://127.0.0.1:9', PERF_SLO_USER_ID: 'p95<abc' });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^\[perf\] configuration: PERF_SLO_USER_ID: malformed term "p95<abc"/)]);
  });
});

describe('pnpm test:perf with a broken configuration', () => {
  it('prints one clear line and nothing misleading: no "No test files found", no vitest stack frames, no results', async () => {
    const root = join(import.meta.dirname, '..');
    const run = promisify(execFile);
    const result = await run(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'perf', 'user-id'], {
      cwd: root,
      env: { ...process.env, PERF_PROFILE: 'banana', PERF_RESULTS_DIR: join(root, 'results', 'never-written'), NO_COLOR: '1', CI: '1' },
      timeout: 60_000,
    }).then(() => ({ code: 0, out: '' }), (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, out: `${err.stdout}${err.stderr}` }));
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/\[perf\] configuration: PERF_PROFILE="banana" is not a load profile; expected one of smoke, pr, full, soak/);
    expect(result.out).not.toMatch(/No test files found|Unhandled Error|node_modules|Results written|cannot read results/);
  });
});
