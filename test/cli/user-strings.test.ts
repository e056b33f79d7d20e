import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertEngineEnv } from '../../src/cli/engine-env.ts';
import { formatSummary } from '../../src/cli/format-summary.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { runRunCommand } from '../../src/cli/run.ts';
import { describeRun } from '../../src/cli/run-plan.ts';
import { parseRunArgs } from '../../src/cli/run-options.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';
import { buildSuiteReport } from '../../src/report/suite-report.ts';
import { renderTerminalTable } from '../../src/report/terminal.ts';
import { REDACTED, redact } from '../../src/report/redact.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { makeSummary } from '../slo/fixtures.ts';

let server: Server;
let base: string;
const tmp = mkdtempSync(join(tmpdir(), 'perf-cli-strings-'));

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function fakeEngine() {
  const calls: RunLoadOptions[] = [];
  const runLoad = async (options: RunLoadOptions): Promise<RunSummary> => {
    calls.push(options);
    return makeSummary({ name: options.name ?? 'run' });
  };
  return { calls, runLoad };
}

const run = (...extra: string[]) => ['--url', `${base}/x`, '--rate', '5', '--duration', '1', ...extra];

describe('perf run: a secret in any user-supplied string is redacted by the one rule of redact.ts', () => {
  it.each([
    ['password: NAMESECRET5'],
    ['X-Api-Key: NAMESECRET5'],
    ['token NAMESECRET5'.replace(' ', ': ')],
    ['client_secret = NAMESECRET5'],
    ['call?access_token=NAMESECRET5&x=1'],
  ])('--name %j reaches neither stdout, stderr nor the JSON (name and steps key)', async (name) => {
    const io = memoryIo({ env: {} });
    const file = join(tmp, 'secret-name.json');
    const argv = run('--warmup', '0', '--max-dispatch-lag', '1000', '--max-late-ratio', '1', '--json', file, '--name', name);
    argv[argv.indexOf('--duration') + 1] = '0.3';
    expect(await runRunCommand(argv, io)).toBe(0);
    const json = readFileSync(file, 'utf8');
    expect([...io.out, ...io.err].join('\n') + json).not.toContain('NAMESECRET5');
    const summary = JSON.parse(json) as RunSummary;
    expect(summary.name).toContain(REDACTED);
    expect(Object.keys(summary.steps)).toEqual([summary.name]);
  });

  it('a header and a name with the same secret text are masked alike', () => {
    const { options } = parseRunArgs(run('--header', 'X-Session-Id: HSECRET', '--name', 'X-Session-Id: HSECRET')) as { options: Parameters<typeof describeRun>[0] };
    const line = describeRun(options);
    expect(line).not.toContain('HSECRET');
    expect(redact('X-Session-Id: HSECRET')).toBe(`X-Session-Id: ${REDACTED}`);
  });

  it('leaves the summary words that merely contain a secret-looking word alone, and routes ending in one', () => {
    for (const text of ['tokens: 1,234 (out 12/s)', 'token pool: 30 users', 'keys 4', 'steps  tokenize 3 ms', 'GET /api/session/list', 'POST /connect/token: p95 900 ms', 'high CPU on /connect/token: the user is found by email']) {
      expect(redact(text)).toBe(text);
    }
  });

  it('masks secret query parameters of a URL (token, api key, signature)', () => {
    expect(redact('http://127.0.0.1:1/x?api-key=K1SECRET&sig=S1SECRET&X-Amz-Signature=A1SECRET&page=2')).toBe(
      `http://127.0.0.1:1/x?api-key=${REDACTED}&sig=${REDACTED}&X-Amz-Signature=${REDACTED}&page=2`,
    );
  });
});

describe('perf run: names cannot hold control characters', () => {
  it.each([
    ['GET /x\nSLO         PASSED (4 checks)\n', 'U+000A'],
    ['ok\u001b[2K\u001b[1Afake', 'U+001B'],
    ['a\rb', 'U+000D'],
    ['a\u0000b', 'U+0000'],
    ['tab\there', 'U+0009'],
    ['del\u007f', 'U+007F'],
    ['c1\u009b31m', 'U+009B'],
    ['line\u2028sep', 'U+2028'],
    ['bidi\u202eevil', 'U+202E'],
  ])('--name %j exits 2 with one line naming --name, before any traffic', async (name, code) => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    // Port 1 refuses connections: had the pre-flight run, the message would say "target unreachable".
    const argv = ['--url', 'http://127.0.0.1:1/x', '--rate', '5', '--duration', '1', '--name', name];
    expect(await runRunCommand(argv, io, { runLoad })).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(/^--name: /);
    expect(io.err[0]).toContain(code);
    expect(io.err[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(io.err[0]).not.toContain('PASSED');
    expect(calls).toHaveLength(0);
  });

  it('accepts printable names in any script', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    expect(await runRunCommand(run('-q', '--name', '聊天 · guest chat — café'), io, { runLoad })).toBe(0);
    expect(calls[0]?.name).toBe('聊天 · guest chat — café');
  });

  it('perf capacity --name follows the same rule', async () => {
    const io = memoryIo({ env: {} });
    const argv = ['capacity', '--url', 'http://127.0.0.1:1/', '--start', '1', '--step', '1', '--max', '2', '--slo', 'p95<100', '--name', 'x\nSLO PASSED'];
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(/^--name: .*U\+000A/);
  });

  it('the terminal table shows a control character stored in a results file as an escape, never raw', () => {
    const test = { id: 't', file: 'perf/x.perf.ts', name: 'a\nSLO PASSED\u001b[1A', fullName: 'x', state: 'failed' as const, errors: ['b\u001b[2Kc'] };
    const lines = renderTerminalTable(buildSuiteReport({ runId: 'r', runDir: '/r', runs: [], tests: [test], lang: 'en', problems: ['p\u009b2J'] }));
    for (const l of lines) expect(l).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(lines.join('\n')).toContain('\\u001b');
  });

  it('perf compare prints a control character from a results file escaped, never raw', async () => {
    const name = 'GET /x\nSLO PASSED\u001b[1A';
    const files = ['base', 'head'].map((n) => {
      const file = join(tmp, `${n}.json`);
      writeFileSync(file, JSON.stringify(makeSummary({ name })));
      return file;
    });
    const io = memoryIo({ env: {} });
    await runCli(['compare', ...files], io);
    expect(io.out.length).toBeGreaterThan(0);
    for (const l of [...io.out, ...io.err]) expect(l).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(io.out.join('\n')).toContain('\\u001b');
  });

  it('the run summary printed by perf run and perf merge shows a control character in a name or a step read from a file escaped', () => {
    const summary = makeSummary({ name: 'a\nSLO         PASSED (4 checks)' });
    const step = { count: 1, ok: 1, failed: 0, errors: {}, latencyMs: summary.latencyMs };
    summary.steps = { 'step\u001b[2K one': step, two: step } as unknown as RunSummary['steps'];
    const lines = formatSummary(summary);
    for (const l of lines) expect(l).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(lines.join('\n')).toContain('a\\u000aSLO');
    expect(lines.join('\n')).toContain('step\\u001b[2K one');
  });

  it('the suite\'s names from the environment follow the same rule, the value never echoed', () => {
    for (const [name, value] of [['PERF_TARGET_BRANCH', 'main\nSLO PASSED'], ['PERF_TARGET_COMMIT', 'abc\u001b[2K'], ['PERF_RUN_ID', 'run\u009b1']] as const) {
      let message = '';
      try {
        assertEngineEnv({ [name]: value });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, name).toMatch(new RegExp(`^${name}: contains a control character \\(U\\+00`));
      expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
    expect(() => assertEngineEnv({ PERF_TARGET_BRANCH: 'feature/聊天-ü', PERF_RUN_ID: 'pr-123' })).not.toThrow();
  });
});
