import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { checkReachable } from '../../src/cli/preflight.ts';
import { runRunCommand } from '../../src/cli/run.ts';
import { prepareRequest } from '../../src/http/prepare.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { makeSummary } from '../slo/fixtures.ts';

let server: Server;
let base: string;
const seen: { method: string | undefined; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method, headers: req.headers });
    res.end('ok');
  });
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

/** Port 1 refuses connections: had the pre-flight run, the message would say "target unreachable". */
const refused = (...extra: string[]) => ['--url', 'http://127.0.0.1:1/x', '--rate', '5', '--duration', '1', ...extra];

describe('perf run refuses what the HTTP client cannot send, before any traffic', () => {
  it.each([
    [['--header', 'X-A: 😀'], /^--header: the value of "X-A" holds a character outside Latin-1 at character 1, .*\(value not shown\)$/],
    [['--header', 'X-A: ok 漢字'], /^--header: the value of "X-A" holds a character outside Latin-1 at character 4, /],
    [['--header', 'X\u001b[2K: v'], /^--header: expected "Name: value".*\\u001b/],
    [['--header', 'Transfer-Encoding: chunked'], /^--header: "Transfer-Encoding" is set by the HTTP client/],
    [['--header', 'Keep-Alive: timeout=5'], /^--header: "Keep-Alive" is set by the HTTP client/],
    [['--header', 'Upgrade: websocket'], /^--header: "Upgrade" is set by the HTTP client/],
    [['--header', 'Expect: 100-continue'], /^--header: "Expect" is set by the HTTP client/],
    [['--header', 'Connection: keep alive'], /^--header: "Connection" expects comma-separated tokens/],
    [['--header', 'Content-Length: 12'], /^--header: "Content-Length" must be the byte length of --body \(0\), got 12/],
    [['--header', 'Content-Length: 12', '--body', 'abc'], /^--header: "Content-Length" must be the byte length of --body \(3\), got 12/],
    [['--header', 'Content-Length: x'], /^--header: "Content-Length" must be the byte length of --body/],
    [['--header', 'Host: a\u0085b'], /^--header: the value of "Host" contains a CR, LF or other control character/],
    [['--method', 'CONNECT'], /^--method: CONNECT opens a tunnel/],
    [['--method', 'connect'], /^--method: CONNECT opens a tunnel/],
    [['--method', 'GE T'], /^--method: expected an HTTP method/],
    [['--method', 'G(T'], /^--method: expected an HTTP method/],
    [['--method', 'GÉT'], /^--method: expected an HTTP method/],
    [['--method', 'M-SEARCH'], /^--method: expected an HTTP method/],
  ])('%j exits 2 with one line naming the flag, without the pre-flight or the engine', async (flags, message) => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    expect(await runRunCommand(refused(...flags), io, { runLoad })).toBe(2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(message);
    expect(io.err[0]).not.toMatch(/[\u0080-\uffff]/u);
    expect(calls).toHaveLength(0);
  });

  it('perf capacity --header and --method follow the same rules', async () => {
    for (const [flags, message] of [[['--header', 'X-A: 😀'], /^--header: /], [['--method', 'CONNECT'], /^--method: /]] as const) {
      const io = memoryIo({ env: {} });
      const argv = ['capacity', '--url', 'http://127.0.0.1:1/', '--start', '1', '--step', '1', '--max', '2', '--slo', 'p95<100', ...flags];
      expect(await runCli(argv, io)).toBe(2);
      expect(io.err[0]).toMatch(message);
    }
  });

  it('what it accepts, undici sends and the target receives: Latin-1 values, tabs, any other method, a matching Content-Length', async () => {
    seen.length = 0;
    const io = memoryIo({ env: {} });
    const argv = ['--url', `${base}/x`, '--rate', '10', '--duration', '0.3', '--warmup', '0', '-q', '--max-dispatch-lag', '1000', '--max-late-ratio', '1',
      '--method', 'purge', '--header', 'X-A: café\tÿ', '--header', 'Connection: keep-alive', '--header', 'Content-Length: 3', '--body', 'abc'];
    expect(await runRunCommand(argv, io)).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) {
      expect(s.method).toBe('PURGE');
      expect(Buffer.from(s.headers['x-a'] as string, 'latin1').toString('latin1')).toBe('café\tÿ');
    }
  });

  it('the refused values are the ones undici itself refuses', async () => {
    for (const headers of [{ 'x-a': '😀' }, { 'transfer-encoding': 'chunked' }, { upgrade: 'websocket' }, { 'keep-alive': 'x' }, { expect: '100-continue' }, { connection: 'keep alive' }]) {
      await expect(request(`${base}/x`, { headers })).rejects.toThrow();
    }
    await expect(request(`${base}/x`, { method: 'CONNECT' as 'GET' })).rejects.toThrow();
  });
});

describe('--url with a port no client can connect to', () => {
  it('port 0 exits 2 naming --url before any request or pre-flight', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    const argv = ['--url', 'http://127.0.0.1:0/x', '--rate', '5', '--duration', '1'];
    expect(await runRunCommand(argv, io, { runLoad })).toBe(2);
    expect(io.err).toEqual(['--url: port 0 is not a port a client can connect to, got "http://127.0.0.1:0/x"']);
    expect(calls).toHaveLength(0);
  });

  it('the pre-flight connects to the URL\'s own port, never the scheme default in its place', async () => {
    await expect(checkReachable(new URL('http://127.0.0.1:0/x'), 500)).rejects.toThrow(/127\.0\.0\.1:0\b/);
    await expect(checkReachable(new URL('http://127.0.0.1:1/x'), 500)).rejects.toThrow(/127\.0\.0\.1:1\b/);
    await expect(checkReachable(new URL(`${base}/x`), 500)).resolves.toBeUndefined();
  });

  it('the engine refuses a request spec with port 0 or CONNECT as a configuration error, not as connect errors', () => {
    expect(() => prepareRequest({ name: 'r', url: 'http://127.0.0.1:0/x' }, undefined, 1000)).toThrow(/request "r": url port 0/);
    expect(() => prepareRequest({ name: 'r', url: 'http://127.0.0.1:1/x', method: 'connect' }, undefined, 1000)).toThrow(/request "r": method CONNECT/);
  });
});
