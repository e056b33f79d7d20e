import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runRunCommand } from '../../src/cli/run.ts';

let garbage: TcpServer;
let garbageUrl: string;
let hang: HttpServer;
let hangUrl: string;

beforeAll(async () => {
  garbage = createTcpServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('GARBAGE\r\n\r\n'));
  });
  await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
  garbageUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}/`;
  hang = createHttpServer((req) => req.resume());
  await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
  hangUrl = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => garbage.close(() => resolve()));
  hang.closeAllConnections();
  await new Promise<void>((resolve) => hang.close(() => resolve()));
});

/** Generous generator thresholds: the shared test machine must not decide the exit code. */
const lenient = ['--warmup', '0', '--max-dispatch-lag', '1000', '--max-late-ratio', '1', '-q'];

describe('perf run verdicts (real engine, local servers)', () => {
  it("exits 1 on a target answering garbage, whatever the SLO's latency and rate bounds say", async () => {
    const io = memoryIo({ env: {} });
    const code = await runRunCommand(['--url', garbageUrl, '--rate', '10', '--duration', '2', '--timeout', '2', '--slo', 'rate>0.95,p95<100', ...lenient], io);
    const out = io.out.join('\n');
    expect(code).toBe(1);
    expect(out).toMatch(/throughput {2}0\/s ok {2}\(0\.0% of target 10\/s\), sent \d+(\.\d+)?\/s/);
    expect(out).toMatch(/errors {6}100\.0%/);
    expect(out).toMatch(/latency {5}n\/a \(no request succeeded\)/);
    expect(out).toMatch(/FAIL no request succeeded: \d+ of \d+ failed/);
    expect(out).toMatch(/FAIL errorRate = 1, expected < 0\.01 \[default\]/);
    expect(out).toMatch(/FAIL rateRatio = 0, expected >= 0\.95/);
  });

  it('exits 1 without --slo too when no request succeeded', async () => {
    const io = memoryIo({ env: {} });
    const code = await runRunCommand(['--url', garbageUrl, '--rate', '10', '--duration', '1', '--timeout', '2', ...lenient], io);
    expect(code).toBe(1);
    expect(io.err.join('\n')).toMatch(/perf run: no request succeeded \(\d+ of \d+ failed, 0 not completed\)/);
  });

  it('an interrupted run with nothing completed says so, not "100% of target, errors 0%"', async () => {
    const ac = new AbortController();
    const io = memoryIo({ env: {}, signal: ac.signal });
    const timer = setTimeout(() => ac.abort(), 1500);
    const code = await runRunCommand(['--url', hangUrl, '--rate', '10', '--duration', '20', '--timeout', '30', ...lenient], io);
    clearTimeout(timer);
    const out = io.out.join('\n');
    expect(code).toBe(130);
    expect(out).not.toMatch(/100\.0% of target/);
    expect(out).not.toMatch(/errors {6}0\.0%/);
    expect(out).toMatch(/throughput {2}0\/s ok/);
    expect(out).toMatch(/errors {6}n\/a \(none of \d+ sent completed\)/);
  });
});
