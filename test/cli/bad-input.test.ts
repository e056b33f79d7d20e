import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { runRunCommand } from '../../src/cli/run.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { makeSummary } from '../slo/fixtures.ts';

let server: Server;
let base: string;
let port: string;
const seen: IncomingHttpHeaders[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'perf-cli-bad-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = String((server.address() as AddressInfo).port);
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function fakeEngine(onRun?: (o: RunLoadOptions) => void) {
  const calls: RunLoadOptions[] = [];
  const runLoad = async (options: RunLoadOptions): Promise<RunSummary> => {
    calls.push(options);
    onRun?.(options);
    return makeSummary({ name: options.name ?? 'run' });
  };
  return { calls, runLoad };
}

const run = (...extra: string[]) => ['--url', `${base}/x`, '--rate', '5', '--duration', '1', ...extra];

describe('perf run: every numeric flag has an upper bound in its own unit, checked before any traffic', () => {
  it.each([
    [['--duration', '3000000'], /^--duration: expected at most 604800 s \(7 days\), got "3000000"$/],
    [['--duration', '1', '--ramp', '2147484'], /^--ramp: expected at most 604800 s \(7 days\), got "2147484"$/],
    [['--duration', '400000', '--ramp', '400000'], /^--ramp \+ --duration: expected at most 604800 s \(7 days\) in all, got 800000 s$/],
    [['--timeout', '1e9'], /^--timeout: expected at most 3600 s \(1 hour\), got "1e9"$/],
    [['--rate', '1e9'], /^--rate: expected at most 20000\/s \(the most one generator process sends reliably, docs\/PERFORMANCE.md\), got "1e9"$/],
    [['--warmup', '601'], /^--warmup: expected at most 600 s/],
    [['--connections', '1000000'], /^--connections: expected at most 100000, got "1000000"$/],
    [['--max-in-flight', '2000000'], /^--max-in-flight: expected at most 1000000/],
    [['--max-dispatch-lag', '1e9'], /^--max-dispatch-lag: expected at most 60000 ms/],
  ])('%j exits 2 naming the flag, without the pre-flight or the engine', async (flags, message) => {
    // Port 1 refuses connections: had the pre-flight run, the message would say "target unreachable".
    const argv = ['--url', 'http://127.0.0.1:1/x', '--rate', '5', '--duration', '1', ...flags];
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    expect(await runRunCommand(argv, io, { runLoad })).toBe(2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it('perf capacity caps its rates the same way', async () => {
    const io = memoryIo({ env: {} });
    expect(await runCli(['capacity', '--url', `${base}/x`, '--start', '1', '--step', '1', '--max', '1e9', '--slo', 'p95<100'], io)).toBe(2);
    expect(io.err[0]).toMatch(/^--max: expected at most 20000\/s/);
  });

  it('accepts the bounds themselves', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    const argv = run('--rate', '20000', '--timeout', '3600', '--warmup', '600', '-q');
    argv[argv.indexOf('--duration') + 1] = '604800';
    expect(await runRunCommand(argv, io, { runLoad })).toBe(0);
    expect(calls[0]).toMatchObject({ timeoutMs: 3_600_000, warmupS: 600 });
  });
});

describe('perf run: headers and URL credentials', () => {
  it.each([['X-A: a\r\nX-Injected: 1'], ['X-A: a\nb'], ['X-A: a\u0000b']])('rejects the header %j at parse time (exit 2, naming --header)', async (header) => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    expect(await runRunCommand(run('--header', header), io, { runLoad })).toBe(2);
    expect(io.err).toEqual(['--header: the value of "X-A" contains a CR, LF or other control character, which a header cannot hold (value not shown)']);
    expect(calls).toHaveLength(0);
  });

  it('sends user:password from the URL as HTTP Basic auth and never prints or saves them', async () => {
    seen.length = 0;
    const io = memoryIo({ env: {} });
    const file = join(tmp, 'basic.json');
    const argv = ['--url', `http://alice:hunter2@127.0.0.1:${port}/x`, '--rate', '10', '--duration', '0.3', '--warmup', '0', '--json', file,
      '--max-dispatch-lag', '1000', '--max-late-ratio', '1'];
    expect(await runRunCommand(argv, io)).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    for (const h of seen) expect(h.authorization).toBe(`Basic ${Buffer.from('alice:hunter2').toString('base64')}`);
    const all = [...io.out, ...io.err].join('\n') + readFileSync(file, 'utf8');
    expect(all).not.toContain('hunter2');
    expect(all).not.toContain(Buffer.from('alice:hunter2').toString('base64'));
    expect(io.err.join('\n')).toContain('URL credentials sent as HTTP Basic auth, not shown');
  });
});

describe('perf run --json: checked writable before the run, no temporary file left', () => {
  it('refuses a folder before the run and leaves nothing in it', async () => {
    const dir = join(tmp, 'a-folder');
    mkdirSync(dir);
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    expect(await runRunCommand(run('-q', '--json', dir), io, { runLoad })).toBe(2);
    expect(io.err).toEqual([`--json: cannot write ${dir}: it is a folder (give a file path, e.g. ${join(dir, 'run.json')})`]);
    expect(calls).toHaveLength(0);
    expect(readdirSync(dir)).toEqual([]);
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp') || n.includes('.probe'))).toEqual([]);
  });

  it('refuses a path under a file ("X is a file, not a folder"), not EEXIST/ENOTDIR', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    const blocker = join(tmp, 'passwd');
    writeFileSync(blocker, 'root:x:0:0\n');
    expect(await runRunCommand(run('-q', '--json', join(blocker, 'o.json')), io, { runLoad })).toBe(2);
    expect(io.err).toEqual([`--json: cannot write ${join(blocker, 'o.json')}: ${blocker} is a file, not a folder`]);
    expect(calls).toHaveLength(0);
  });

  it.runIf(existsSync('/proc/sys'))('refuses a folder that takes no new file (/proc/sys), and a device, before the run', async () => {
    for (const [path, reason] of [
      ['/proc/sys/o.json', 'cannot create a file in /proc/sys'],
      ['/proc/sys/new/o.json', 'cannot create the folder /proc/sys/new'],
      ['/dev/null', 'it exists and is not a regular file'],
    ] as const) {
      const io = memoryIo({ env: {} });
      const { runLoad, calls } = fakeEngine();
      expect(await runRunCommand(run('-q', '--json', path), io, { runLoad })).toBe(2);
      expect(io.err[0]).toContain(`--json: cannot write ${path}: ${reason}`);
      expect(calls).toHaveLength(0);
    }
  });

  it('when the write fails after the run: the summary is still printed, exit 2, no temporary file left', async () => {
    const dir = join(tmp, 'vanishing');
    const file = join(dir, 'run.json');
    const io = memoryIo({ env: {} });
    // The folder is replaced by a folder at the file's own path during the run: the rename must fail.
    const { runLoad } = fakeEngine(() => mkdirSync(file, { recursive: true }));
    expect(await runRunCommand(run('-q', '--json', file), io, { runLoad })).toBe(2);
    expect(io.out.join('\n')).toContain('requests');
    expect(io.err).toEqual([`--json: cannot write ${file}: it is a folder (EISDIR)`]);
    expect(readdirSync(dir)).toEqual(['run.json']);
    rmSync(dir, { recursive: true });
  });
});

describe('perf run: never loads a system by accident', () => {
  it('refuses a non-loopback --url before any request, saying how to allow it', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    const argv = ['--url', 'https://prod.example.com/api', '--rate', '5', '--duration', '1'];
    expect(await runRunCommand(argv, io, { runLoad })).toBe(2);
    expect(io.err).toEqual([
      '--url: prod.example.com is not a loopback host (127.0.0.1, localhost, ::1) and is not allowed; to send load to it, ' +
        'pass --allow-host prod.example.com or set PERF_ALLOW_HOSTS=prod.example.com (comma-separated host names, in .env or the environment)',
    ]);
    expect(calls).toHaveLength(0);
  });

  it('runs a host named by --allow-host, by PERF_ALLOW_HOSTS in the environment, or in .env', async () => {
    const argv = ['--url', 'https://prod.example.com/api', '--rate', '5', '--duration', '1', '-q', '--no-preflight'];
    for (const [extra, env] of [
      [['--allow-host', 'PROD.example.com'], {}],
      [[], { PERF_ALLOW_HOSTS: 'staging.example.com,prod.example.com' }],
    ] as const) {
      const io = memoryIo({ env: { ...env } });
      const { runLoad, calls } = fakeEngine();
      expect(await runRunCommand([...argv, ...extra], io, { runLoad })).toBe(0);
      expect(calls).toHaveLength(1);
    }
    const envFile = join(tmp, 'allow.env');
    writeFileSync(envFile, 'PERF_ALLOW_HOSTS=192.0.2.1\n');
    const io = memoryIo({ env: { PERF_ENV_FILE: envFile } });
    const code = await runCli(['run', '--url', 'http://192.0.2.1:9/x', '--rate', '5', '--duration', '1', '-q', '--timeout', '0.3'], io);
    // Allowed by .env: it got as far as the pre-flight (TEST-NET-1 does not answer), past the host check.
    expect(code).toBe(2);
    expect(io.err[0]).toMatch(/^target unreachable/);
    const bad = memoryIo({ env: {} });
    expect(await runRunCommand(['--url', 'http://192.0.2.1/x', '--rate', '5', '--duration', '1', '--allow-host', 'http://192.0.2.1'], bad)).toBe(2);
    expect(bad.err[0]).toMatch(/^--allow-host: expected host names separated by commas/);
  });

  it('perf capacity --url follows the same rule', async () => {
    const argv = ['capacity', '--url', 'https://prod.example.com/', '--start', '1', '--step', '1', '--max', '2', '--slo', 'p95<100'];
    const io = memoryIo({ env: {} });
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err[0]).toMatch(/^--url: prod\.example\.com is not a loopback host .*pass --allow-host prod\.example\.com/);
    const allowed = memoryIo({ env: {} });
    // Allowed: it gets as far as the pre-flight (TEST-NET-1 does not answer).
    expect(await runCli(['capacity', '--url', 'http://192.0.2.1:9/', '--allow-host', '192.0.2.1', '--timeout', '0.3', '--start', '1', '--step', '1', '--max', '2', '--slo', 'p95<100'], allowed)).toBe(2);
    expect(allowed.err[0]).toMatch(/^target unreachable/);
  });

  it('prints the target and the planned load, warm-up included, before the first request; --warmup 0 turns the warm-up off', async () => {
    const io = memoryIo({ env: {} });
    let errAtStart: string[] = [];
    const { runLoad, calls } = fakeEngine(() => (errAtStart = [...io.err]));
    expect(await runRunCommand(['--url', `${base}/x`, '--rate', '1000', '--duration', '10'], io, { runLoad })).toBe(0);
    expect(errAtStart).toContain(`perf run: plan: GET ${base}/x, warm-up 1–2 s ramping to 1000/s until the generator settles (750–1,750 requests, not recorded), then 1000/s for 10 s (10,000 requests): 10,750–11,750 requests in 11–12 s`);
    expect(calls[0]?.warmupS).toBeUndefined();

    const ramped = memoryIo({ env: {} });
    await runRunCommand(['--url', `${base}/x`, '--rate', '100', '--duration', '30', '--ramp', '10', '--warmup', '0'], ramped, fakeEngine());
    expect(ramped.err).toContain(`perf run: plan: GET ${base}/x, no warm-up, then ramp 0/s → 100/s over 10 s (500 requests), then 100/s for 30 s (3,000 requests): 3,500 requests in 40 s`);
    const off = fakeEngine();
    await runRunCommand(run('--warmup', '0'), memoryIo({ env: {} }), off);
    expect(off.calls[0]?.warmupS).toBe(0);
  });
});

describe('perf run: secrets in user-supplied strings are redacted everywhere', () => {
  it('a token in --name reaches neither stdout, the stderr echo, nor the JSON (keys of steps included)', async () => {
    const io = memoryIo({ env: {} });
    const file = join(tmp, 'name.json');
    const argv = [...run('--warmup', '0', '--max-dispatch-lag', '1000', '--max-late-ratio', '1', '--json', file, '--name', 'n Bearer NAMESECRET1')];
    argv[argv.indexOf('--duration') + 1] = '0.3';
    expect(await runRunCommand(argv, io)).toBe(0);
    const json = readFileSync(file, 'utf8');
    expect([...io.out, ...io.err].join('\n') + json).not.toContain('NAMESECRET1');
    expect(Object.keys((JSON.parse(json) as RunSummary).steps)).toEqual(['n Bearer [REDACTED]']);
    expect(io.err.join('\n')).toContain('n Bearer [REDACTED]');
  });

  it('a secret in a rejected value is not echoed in the error', async () => {
    const io = memoryIo({ env: {} });
    expect(await runRunCommand(['--url', `${base}/x`, '--rate', 'Bearer abcdef123456', '--duration', '1'], io)).toBe(2);
    expect(io.err.join('\n')).not.toContain('abcdef123456');
  });
});

describe('perf run --help documents the bounds and the safety flags', () => {
  it('lists --allow-host, --warmup 0 and the upper bounds', async () => {
    const io = memoryIo({ env: {} });
    expect(await runCli(['run', '--help'], io)).toBe(0);
    const help = io.out.join('\n');
    for (const text of ['--allow-host HOST', 'PERF_ALLOW_HOSTS', '0 = off', '0.001 to 20000', 'at most 604800', 'at most 3600', 'HTTP Basic auth', 'CR, LF']) {
      expect(help).toContain(text);
    }
  });
});

describe('isLoopbackHost: what needs no --allow-host', () => {
  it('loopback in every spelling, nothing else', async () => {
    const { isLoopbackHost } = await import('../../src/http/target-guard.ts');
    for (const h of ['localhost', 'LOCALHOST.', '127.0.0.1', '127.255.0.9', '[::1]', '::1', '0:0:0:0:0:0:0:1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '10.0.0.1', '128.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', '[::ffff:10.0.0.1]', '[::2]', 'prod']) expect(isLoopbackHost(h), h).toBe(false);
  });
});
