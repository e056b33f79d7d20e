import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { setup, teardown, type SetupExit } from '../perf/global-setup.ts';
import { resetConfig } from './config.ts';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Runs setup against a target that never answers, with `vars` set: a configuration error must come first. */
async function failedSetup(vars: Record<string, string>): Promise<{ lines: string[]; code: number }> {
  const all = { BASE_URL: 'http://127.0.0.1:9', ...vars };
  const prev = Object.fromEntries(Object.keys(all).map((k) => [k, process.env[k]]));
  Object.assign(process.env, all);
  resetConfig();
  const lines: string[] = [];
  const out: SetupExit = {
    stderr: (line) => void lines.push(line),
    exit: (code) => {
      throw new Exited(code);
    },
  };
  try {
    await setup({ provide: () => {} } as never, out);
    throw new Error('setup did not fail');
  } catch (err) {
    if (!(err instanceof Exited)) throw err;
    return { lines, code: err.code };
  } finally {
    for (const [k, v] of Object.entries(prev)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetConfig();
  }
}

afterEach(async () => {
  await teardown();
});

const UNREACHABLE = /^\[perf\] BASE_URL=http:\/\/127\.0\.0\.1:9 does not answer/;

describe('perf global setup: results folder, JUnit file, run id', () => {
  it('PERF_RESULTS_DIR that cannot be created stops the run before any request: one line naming it, exit 2', async () => {
    const { lines, code } = await failedSetup({ PERF_RESULTS_DIR: '/etc/passwd/x' });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^\[perf\] configuration: PERF_RESULTS_DIR: cannot write results to \/etc\/passwd\/x: \/etc\/passwd is a file, not a folder$/)]);
  });

  it('PERF_JUNIT that cannot be written stops the run before any request: one line naming it, exit 2', async () => {
    const { lines, code } = await failedSetup({ PERF_JUNIT: '/etc/passwd/j.xml' });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^\[perf\] configuration: PERF_JUNIT: cannot write \/etc\/passwd\/j\.xml: \/etc\/passwd is a file, not a folder$/)]);
  });

  it('writable PERF_RESULTS_DIR and PERF_JUNIT pass (the run goes on to the target) and leave no run folder or file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-setup-out-'));
    try {
      const { lines } = await failedSetup({ PERF_RESULTS_DIR: join(dir, 'results'), PERF_JUNIT: join(dir, 'ci', 'junit.xml'), PERF_RUN_ID: 'r1' });
      expect(lines).toEqual([expect.stringMatching(UNREACHABLE)]);
      expect(filesUnder(dir)).toEqual([]);
      expect(existsSync(join(dir, 'results', 'r1'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PERF_RUN_ID with a path separator or .. is refused naming PERF_RUN_ID: it would write outside the results folder', async () => {
    for (const bad of ['../../../tmp/x', 'a/b', 'a\\b', '..', '.']) {
      const { lines, code } = await failedSetup({ PERF_RUN_ID: bad });
      expect(code, bad).toBe(2);
      expect(lines, bad).toEqual([expect.stringMatching(/^\[perf\] configuration: PERF_RUN_ID=".*" is not a folder name: /)]);
    }
  });
});

describe('perf global setup: resource URLs and setting values', () => {
  const SECRET_URL = 'http://admin:PROMSECRET4@127.0.0.1:notaport/metrics';

  it('a malformed PERF_METRICS_URL or PERF_PROMETHEUS_URL with credentials is one redacted line, exit 2', async () => {
    for (const vars of [
      { PERF_METRICS_URL: SECRET_URL } as Record<string, string>,
      { PERF_PROMETHEUS_URL: SECRET_URL, PERF_PROMETHEUS_QUERIES: 'cpu=up' },
    ]) {
      const name = Object.keys(vars)[0]!;
      const { lines, code } = await failedSetup(vars);
      expect(code, name).toBe(2);
      expect(lines, name).toEqual([expect.stringMatching(new RegExp(`^\\[perf\\] configuration: ${name}: not a valid http\\(s\\) URL`))]);
      expect(lines.join('\n')).not.toMatch(/PROMSECRET4|admin/);
    }
  });

  it('refuses bad enumerated and boolean values naming the variable', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PERF_REPORT_LANG: 'fr' }, /^\[perf\] configuration: PERF_REPORT_LANG: expected en or zh \(got "fr"\)$/],
      [{ PERF_PROGRESS: 'banana' }, /^\[perf\] configuration: PERF_PROGRESS: expected tty, plain, off or auto \(got "banana"\)$/],
      [{ PERF_DEBUG: 'banana' }, /^\[perf\] configuration: PERF_DEBUG: expected 1 \(stack traces\) or 0 \(got "banana"\)$/],
      [{ PERF_METRICS_PRESET: 'windows' }, /^\[perf\] configuration: PERF_METRICS_PRESET: /],
      [{ PERF_PROGRESS_INTERVAL_S: 'soon' }, /^\[perf\] configuration: PERF_PROGRESS_INTERVAL_S: expected a positive number/],
    ];
    for (const [vars, line] of cases) {
      const { lines, code } = await failedSetup(vars);
      expect(code, JSON.stringify(vars)).toBe(2);
      expect(lines, JSON.stringify(vars)).toEqual([expect.stringMatching(line)]);
    }
  });

  it('accepts the documented values (the run goes on to the target)', async () => {
    const { lines } = await failedSetup({ PERF_REPORT_LANG: 'zh', PERF_PROGRESS: 'plain', PERF_DEBUG: '0', PERF_METRICS_URL: 'http://127.0.0.1:9100/metrics' });
    expect(lines).toEqual([expect.stringMatching(UNREACHABLE)]);
  });

  it('a lower-case perf_* name is refused with "did you mean PERF_..."', async () => {
    const { lines, code } = await failedSetup({ perf_rate_user_id: '5' });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^\[perf\] configuration: perf_rate_user_id is not a setting \(names are upper-case\); did you mean PERF_RATE_USER_ID\?/)]);
  });
});

const ROOT = join(import.meta.dirname, '..');

/** `pnpm test:perf user-id ...args` with `env`: exit code and everything it printed. */
async function perfSuite(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'perf', 'user-id', ...args], {
    cwd: ROOT,
    env: { ...process.env, SIM_PROFILE: 'fast', NO_COLOR: '1', CI: '1', ...env },
    timeout: 90_000,
  }).then(({ stdout, stderr }) => ({ code: 0, out: `${stdout}${stderr}` }), (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, out: `${err.stdout}${err.stderr}` }));
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

describe('pnpm test:perf end to end', () => {
  it('a malformed PERF_METRICS_URL with a password: one line, exit 2, the password nowhere (output, files)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-setup-e2e-'));
    try {
      const { code, out } = await perfSuite([], { PERF_RESULTS_DIR: dir, PERF_METRICS_URL: 'http://admin:PROMSECRET4@127.0.0.1:notaport/metrics' });
      expect(code).toBe(2);
      expect(out).toMatch(/\[perf\] configuration: PERF_METRICS_URL: not a valid http\(s\) URL/);
      expect(out).not.toMatch(/PROMSECRET4|ZodError|\n\s+at |node_modules/);
      for (const f of filesUnder(dir)) expect(readFileSync(f, 'utf8'), f).not.toContain('PROMSECRET4');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a -t filter that matches no test fails the run with one line saying nothing was recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-setup-e2e-'));
    try {
      const { code, out } = await perfSuite(['-t', 'no test has this name'], { PERF_RESULTS_DIR: dir });
      expect(code).not.toBe(0);
      expect(out).toMatch(/\[perf\] No perf results were recorded in this run/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
