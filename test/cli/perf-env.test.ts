import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { godgptSuite } from '../../helpers/suite-plugin.ts';
import { useSuiteEndpoints } from '../../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

let server: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** `perf run` (as bin/perf.ts runs it, with the GodGPT suite) with `env` as its whole environment. */
async function perfRun(env: Record<string, string>): Promise<{ code: number; err: string[]; out: string[]; hits: number }> {
  const io = memoryIo({ env: { ...env } });
  const before = hits;
  const code = await runCli(['run', '--url', `${base}/x`, '--rate', '5', '--duration', '1', '-q'], io, godgptSuite);
  return { code, err: io.err, out: io.out, hits: hits - before };
}

describe('perf run reads PERF_* variables strictly', () => {
  it('refuses an unknown PERF_* name with "did you mean", before any request', async () => {
    const cases: Array<[string, RegExp]> = [
      ['PERF_ALLOW_HOSTZ', /^PERF_ALLOW_HOSTZ is not a setting; did you mean PERF_ALLOW_HOSTS\?/],
      ['PERF_RATE_USER_IDD', /^PERF_RATE_USER_IDD is not a setting; did you mean PERF_RATE_USER_ID\?/],
      ['PERF_DEBUGG', /^PERF_DEBUGG is not a setting; did you mean PERF_DEBUG\?/],
    ];
    for (const [name, line] of cases) {
      const r = await perfRun({ [name]: '1' });
      expect(r.code, name).toBe(2);
      expect(r.err, name).toEqual([expect.stringMatching(line)]);
      expect(r.hits, name).toBe(0);
    }
  });

  it('refuses a lower-case perf_* name with "did you mean PERF_..."', async () => {
    const r = await perfRun({ perf_rate_user_id: '5' });
    expect(r.code).toBe(2);
    expect(r.err).toEqual([expect.stringMatching(/^perf_rate_user_id is not a setting \(names are upper-case\); did you mean PERF_RATE_USER_ID\?/)]);
    expect(r.hits).toBe(0);
  });

  it('refuses bad enumerated and boolean values naming the variable, before any request', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PERF_REPORT_LANG: 'fr' }, /^PERF_REPORT_LANG: expected en or zh \(got "fr"\)$/],
      [{ PERF_PROGRESS: 'banana' }, /^PERF_PROGRESS: expected tty, plain, off or auto \(got "banana"\)$/],
      [{ PERF_DEBUG: 'yes' }, /^PERF_DEBUG: expected 1 \(stack traces\) or 0 \(got "yes"\)$/],
      [{ PERF_RUN_ID: '../../../tmp/x' }, /^PERF_RUN_ID="\.\.\/\.\.\/\.\.\/tmp\/x" is not a folder name: it holds a path separator/],
    ];
    for (const [env, line] of cases) {
      const r = await perfRun(env);
      expect(r.code, JSON.stringify(env)).toBe(2);
      expect(r.err, JSON.stringify(env)).toEqual([expect.stringMatching(line)]);
      expect(r.hits).toBe(0);
    }
  });

  it('a malformed PERF_METRICS_URL or PERF_PROMETHEUS_URL with credentials: one redacted line, exit 2', async () => {
    for (const name of ['PERF_METRICS_URL', 'PERF_PROMETHEUS_URL']) {
      const r = await perfRun({ [name]: 'http://admin:PROMSECRET4@127.0.0.1:notaport/metrics', PERF_PROMETHEUS_QUERIES: 'cpu=up' });
      expect(r.code, name).toBe(2);
      expect(r.err, name).toEqual([expect.stringMatching(new RegExp(`^${name}: not a valid http\\(s\\) URL`))]);
      expect([...r.err, ...r.out].join('\n')).not.toMatch(/PROMSECRET4|admin/);
    }
  });

  it("accepts the suite's settings it shares a .env with, and valid engine values", async () => {
    const r = await perfRun({ PERF_PROFILE: 'smoke', PERF_RATE_USER_ID: '5', PERF_POOL_SIZE: '3', PERF_THINK_CHAT: '0', PERF_REPORT_LANG: 'zh', PERF_PROGRESS: 'OFF', PERF_DEBUG: '0' });
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.hits).toBeGreaterThan(0);
  });
});
