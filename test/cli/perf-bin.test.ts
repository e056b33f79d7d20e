import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/result/types.ts';

const root = resolve(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const tmp = mkdtempSync(join(tmpdir(), 'perf-bin-'));
let server: Server;
let base: string;
/** Answers every request with bytes that are not HTTP. */
let garbage: TcpServer;
let garbageUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/fail')) {
      res.statusCode = 503;
      res.end('down');
      return;
    }
    setTimeout(() => res.end('ok'), 2);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  garbage = createTcpServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('garbage, not HTTP\r\n\r\n'));
  });
  await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
  garbageUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => garbage.close(() => r()));
  await new Promise<void>((r) => server.close(() => r()));
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx bin/perf.ts ...`; `onStderr` may signal the child. Killed after 30 s so a hang fails the test. */
function perf(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Exit> {
  return new Promise((done) => {
    const child = spawn(tsx, ['bin/perf.ts', ...args], {
      cwd: root,
      env: { ...process.env, PERF_PROGRESS: 'plain', PERF_PROGRESS_INTERVAL_S: '1', PERF_ENV_FILE: '' },
    });
    let stdout = '';
    let stderr = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, child);
    });
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr });
    });
  });
}

/** Generous generator thresholds: the shared test machine must not decide the exit code. */
const lenient = ['--warmup', '0', '--max-dispatch-lag', '1000', '--max-late-ratio', '1'];

describe('pnpm perf run (child process against a local server)', () => {
  it('exits 0 when the SLO is met and writes the --json summary', async () => {
    const file = join(tmp, 'out', 'ok.json');
    const r = await perf(['run', '--url', `${base}/ok`, '--rate', '20', '--duration', '1.5', ...lenient,
      '--slo', 'p95<5000,errors<0.05', '--json', file]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SLO\s+PASSED/);
    expect(r.stdout).toMatch(/status\s+200 \d+/);
    const json = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
    expect(json.version).toBe(1);
    expect(json.name).toBe('GET /ok');
    expect(json.requests.scheduled).toBeGreaterThanOrEqual(20);
    expect(json.requests.ok).toBe(json.requests.completed);
    expect(json.latencyMs.count).toBeGreaterThanOrEqual(20);
    expect(json.slo?.passed).toBe(true);
    expect(json.slo?.checks.map((c) => c.name)).toEqual(['generator', 'okRequests', 'latency.p95', 'errorRate']);
  });

  it('exits 1 when the SLO is not met and names the failed check', async () => {
    const r = await perf(['run', '--url', `${base}/fail`, '--rate', '10', '--duration', '1', ...lenient, '--slo', 'errors<0.01', '-q']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL errorRate = 1, expected < 0\.01/);
    expect(r.stdout).toMatch(/errors\s+100\.0%\s+\(http_5xx \d+\)/);
    expect(r.stderr).toBe('');
  });

  it('exits 2 with one line naming the flag on bad usage', async () => {
    const r = await perf(['run', '--url', `${base}/ok`, '--rate', 'abc', '--duration', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('--rate: expected a positive number, got "abc"');
    expect(r.stdout).toBe('');
  });

  it('exits 2 on an unreachable target at the pre-flight, before any request', async () => {
    const r = await perf(['run', '--url', 'http://127.0.0.1:1/x', '--rate', '5', '--duration', '1', '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('target unreachable: ECONNREFUSED 127.0.0.1:1');
  });

  it('counts a target that does not speak HTTP as protocol_error, in the console and the JSON', async () => {
    const file = join(tmp, 'protocol.json');
    const r = await perf(['run', '--url', `${garbageUrl}/x`, '--rate', '5', '--duration', '1', '-q', ...lenient, '--slo', 'errors<0.5', '--json', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/protocol_error 5/);
    const json = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
    expect(json.errors).toEqual({ protocol_error: 5 });
    expect(json.errorMessages?.protocol_error).toMatch(/HTTP\/1\.1/);
  });

  it('with --no-preflight, counts connect errors against an unreachable target and exits 1 on its SLO', async () => {
    const r = await perf(['run', '--url', 'http://127.0.0.1:1/x', '--rate', '5', '--duration', '1', '--no-preflight', '-q', ...lenient,
      '--slo', 'errors<0.5', '--timeout', '2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/connect_error \d+/);
  });

  it('stops on SIGINT, prints and writes the partial summary, exits 130', async () => {
    const file = join(tmp, 'sigint.json');
    let sent = false;
    const r = await perf(['run', '--url', `${base}/ok`, '--rate', '10', '--duration', '20', ...lenient, '--json', file], (text, child) => {
      if (!sent && text.includes('[perf]')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('interrupted');
    expect(r.stdout).toMatch(/requests\s+scheduled \d+/);
    expect(existsSync(file)).toBe(true);
    const json = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
    expect(json.aborted).toBe(true);
    expect(json.durationS).toBeLessThan(15);
  });
});
