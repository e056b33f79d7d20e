import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { runRunCommand } from '../../src/cli/run.ts';
import { toRunLoadOptions } from '../../src/cli/run-load-options.ts';
import { parseRunArgs } from '../../src/cli/run-options.ts';
import { prepareRequest } from '../../src/http/prepare.ts';
import type { RequestSpec } from '../../src/http/types.ts';
import { workersUnsupported } from '../../src/shard/workers.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { evaluateSlo } from '../../src/slo/evaluate.ts';
import { dist, makeSummary } from '../slo/fixtures.ts';

let server: Server;
let base: string;
const tmp = mkdtempSync(join(tmpdir(), 'perf-cli-'));

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A stand-in engine: records its options and returns a summary judged on `options.slo`. */
function fakeEngine(summary: Partial<RunSummary> = {}) {
  const calls: RunLoadOptions[] = [];
  const runLoad = async (options: RunLoadOptions): Promise<RunSummary> => {
    calls.push(options);
    const s = makeSummary({ name: options.name ?? 'run', ...summary });
    if (options.signal?.aborted) Object.assign(s, { aborted: true, abortReason: 'interrupted (SIGINT)' });
    return { ...s, slo: options.slo ? evaluateSlo(s, options.slo) : null };
  };
  return { calls, runLoad };
}

const args = (...extra: string[]) => ['--url', `${base}/chat`, '--rate', '5', '--duration', '1', '-q', ...extra];

describe('perf run (in-process, fake engine)', () => {
  it('exits 0 and prints the summary when the SLO is met', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    expect(await runRunCommand(args('--slo', 'p95<500,errors<0.01'), io, { runLoad })).toBe(0);
    expect(calls).toHaveLength(1);
    expect(io.out.join('\n')).toMatch(/SLO\s+PASSED/);
    expect(io.out.join('\n')).toContain('latency');
    expect(io.err).toEqual([]);
  });

  it('exits 1 when the SLO is not met, listing the failed check', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad } = fakeEngine({ latencyMs: dist(1000, { p95: 912.4 }) });
    expect(await runRunCommand(args('--slo', 'p95<500'), io, { runLoad })).toBe(1);
    expect(io.out.join('\n')).toContain('FAIL latency.p95 = 912.4 ms, expected < 500 ms');
  });

  it('evaluates the SLO itself when the engine left summary.slo empty', async () => {
    const io = memoryIo({ env: {} });
    const runLoad = async () => makeSummary({ errorRate: 0.5 });
    expect(await runRunCommand(args('--slo', 'errors<0.01'), io, { runLoad })).toBe(1);
  });

  it('maps flags to runLoad options: ramp then hold, timeout in ms, headers, body, sse', () => {
    const parsed = parseRunArgs([
      '--url', `${base}/x`, '--rate', '20', '--duration', '3', '--ramp', '2', '--timeout', '1.5',
      '--header', 'Authorization: Bearer abc.def', '--header', 'X-Trace: 1', '--body', '{"a":1}', '--sse',
      '--connections', '4', '--max-in-flight', '8', '--warmup', '0',
    ]);
    if (parsed.help) throw new Error('unexpected help');
    const o = toRunLoadOptions(parsed.options);
    expect(o.model).toEqual({ type: 'arrival-rate', startRate: 0, stages: [{ durationS: 2, target: 20 }, { durationS: 3, target: 20 }] });
    expect(o).toMatchObject({ timeoutMs: 1500, connections: 4, maxInFlight: 8, warmupS: 0, judge: 'steady', name: 'POST /x' });
    expect(o.scenario).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      sse: true,
      headers: { Authorization: 'Bearer abc.def', 'X-Trace': '1', 'content-type': 'application/json', accept: 'text/event-stream' },
    });
    const flat = parseRunArgs(['--url', `${base}/x`, '--rate', '7', '--duration', '2']);
    if (flat.help) throw new Error('unexpected help');
    expect(toRunLoadOptions(flat.options).model).toEqual({ type: 'arrival-rate', startRate: 7, stages: [{ durationS: 2, target: 7 }] });
  });

  it('--content-field narrows SSE content to a JSON field, and is refused without --sse or with a bad path', () => {
    const parsed = parseRunArgs(['--url', `${base}/x`, '--rate', '2', '--duration', '1', '--sse', '--content-field', 'choices.0.delta.content']);
    if (parsed.help) throw new Error('unexpected help');
    // plain data in the spec, so it crosses to --workers processes; the engine builds the recogniser
    const spec = toRunLoadOptions(parsed.options).scenario as RequestSpec;
    expect(spec.contentField).toBe('choices.0.delta.content');
    const contentOf = prepareRequest(spec, undefined, 1000).contentOf;
    expect(contentOf({ event: 'message', data: '{"choices":[{"delta":{"content":"Hi"}}]}' })).toBe('Hi');
    expect(contentOf({ event: 'message', data: '{"choices":[{"delta":{"content":""}}]}' })).toBeUndefined();
    expect(contentOf({ event: 'message', data: '[DONE]' })).toBeUndefined();
    expect(workersUnsupported({ scenario: spec, model: { type: 'arrival-rate', startRate: 1, stages: [] } })).toBeUndefined();
    expect(workersUnsupported({ scenario: { ...spec, contentOf: () => 'x' }, model: { type: 'arrival-rate', startRate: 1, stages: [] } })).toMatch(/contentOf functions cannot cross a process boundary/);
    const plain = ['--url', `${base}/x`, '--rate', '2', '--duration', '1'];
    expect(() => parseRunArgs([...plain, '--content-field', 'Response'])).toThrow('--content-field: applies to SSE streams only, add --sse');
    expect(() => parseRunArgs([...plain, '--sse', '--content-field', 'a..b'])).toThrow(/--content-field: expected a dotted JSON path/);
  });

  it('--max-event-bytes sets the engine bound for --sse runs and is refused without --sse or above 1 GiB', () => {
    const parsed = parseRunArgs(['--url', `${base}/x`, '--rate', '2', '--duration', '1', '--sse', '--max-event-bytes', '65536']);
    if (parsed.help) throw new Error('unexpected help');
    expect(toRunLoadOptions(parsed.options).maxEventBytes).toBe(65536);
    const plain = ['--url', `${base}/x`, '--rate', '2', '--duration', '1'];
    expect(() => parseRunArgs([...plain, '--max-event-bytes', '65536'])).toThrow('--max-event-bytes: applies to SSE streams only, add --sse');
    expect(() => parseRunArgs([...plain, '--sse', '--max-event-bytes', '2e9'])).toThrow(/--max-event-bytes: expected at most 1073741824 bytes/);
    expect(() => parseRunArgs([...plain, '--sse', '--max-event-bytes', '1.5'])).toThrow(/--max-event-bytes: expected a positive integer/);
  });

  it('never echoes secret header values or URL passwords', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad } = fakeEngine();
    const argv = ['--url', `http://user:hunter2@127.0.0.1:${new URL(base).port}/x`, '--rate', '5', '--duration', '1',
      '--header', 'Authorization: Bearer sekret-token-123', '--header', 'Cookie: sid=abcdef', '--header', 'X-Api-Key: k-999',
      '--header', 'X-Trace: visible', '--json', join(tmp, 'redact.json')];
    expect(await runRunCommand(argv, io, { runLoad })).toBe(0);
    const all = [...io.out, ...io.err].join('\n') + readFileSync(join(tmp, 'redact.json'), 'utf8');
    for (const secret of ['sekret-token-123', 'sid=abcdef', 'k-999', 'hunter2']) expect(all).not.toContain(secret);
    expect(io.err.join('\n')).toContain('Authorization: [REDACTED]');
    expect(io.err.join('\n')).toContain('X-Trace: visible');
  });

  it('writes --json with the documented fields, creating parent folders', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad } = fakeEngine();
    const file = join(tmp, 'deep', 'er', 'run.json');
    expect(await runRunCommand(args('--slo', 'p95<500', '--json', file), io, { runLoad })).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
    expect(json).toMatchObject({ version: 1, name: 'GET /chat', model: 'arrival-rate' });
    for (const key of ['requests', 'throughput', 'errorRate', 'errors', 'statusCodes', 'latencyMs', 'serviceTimeMs', 'generator', 'timeline', 'slo', 'whole']) {
      expect(json).toHaveProperty(key);
    }
    expect(json.slo?.passed).toBe(true);
  });

  it('exits 2 on an unwritable --json before any traffic, naming the file in the way', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    const blocker = join(tmp, 'a-file');
    writeFileSync(blocker, 'x');
    expect(await runRunCommand(args('--json', join(blocker, 'sub', 'run.json')), io, { runLoad })).toBe(2);
    expect(calls).toHaveLength(0);
    expect(io.err).toEqual([`--json: cannot write ${join(blocker, 'sub', 'run.json')}: ${blocker} is a file, not a folder`]);
  });

  it('returns 130 on interrupt, still printing and writing the partial summary', async () => {
    const ac = new AbortController();
    const io = memoryIo({ env: {}, signal: ac.signal });
    const file = join(tmp, 'partial.json');
    const runLoad = async (o: RunLoadOptions) => {
      ac.abort();
      return makeSummary({ name: o.name ?? 'run', aborted: o.signal?.aborted ?? false, abortReason: 'interrupted (SIGINT)' });
    };
    expect(await runRunCommand(args('--json', file), io, { runLoad })).toBe(130);
    expect(io.out.join('\n')).toMatch(/ABORTED\s+interrupted \(SIGINT\)/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ aborted: true });
  });

  it('exits 2 with a clear message when the target is unreachable (pre-flight)', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    expect(await runRunCommand(['--url', 'http://127.0.0.1:1/x', '--rate', '5', '--duration', '1', '-q'], io, { runLoad })).toBe(2);
    expect(io.err).toEqual(['target unreachable: ECONNREFUSED 127.0.0.1:1']);
    expect(calls).toHaveLength(0);
  });

  it('--no-preflight hands an unreachable target to the engine', async () => {
    const io = memoryIo({ env: {} });
    const { runLoad, calls } = fakeEngine();
    await runRunCommand(['--url', 'http://127.0.0.1:1/x', '--rate', '5', '--duration', '1', '-q', '--no-preflight'], io, { runLoad });
    expect(calls).toHaveLength(1);
  });

  it('reports an engine ConfigError in one line with exit 2', async () => {
    const io = memoryIo({ env: {} });
    const { ConfigError } = await import('../../src/core/errors.ts');
    const runLoad = async () => {
      throw new ConfigError('invalid runLoad options:\n✖ bad\n  → at connections');
    };
    expect(await runRunCommand(args(), io, { runLoad })).toBe(2);
    expect(io.err).toEqual(['invalid runLoad options:; ✖ bad; → at connections']);
  });
});

describe('perf flags and dispatch (runCli)', () => {
  it.each([
    [['run', '--rate', '5', '--duration', '1'], /^--url: required/],
    [['run', '--url', 'http://127.0.0.1:9/x', '--rate', 'abc', '--duration', '1'], /^--rate: expected a positive number, got "abc"$/],
    [['run', '--url', 'http://127.0.0.1:9/x', '--rate=-3', '--duration', '1'], /^--rate: expected a positive number, got "-3"$/],
    [['run', '--url', 'http://127.0.0.1:9/x', '--rate', '-3', '--duration', '1'], /^--rate: a value starting with "-" must be written --rate=VALUE$/],
    [['run', '--url', 'http://127.0.0.1:9/x', '--rate', '5'], /^--duration: required/],
    [['run', '--url', 'http://127.0.0.1:9/x', '--rate', '5', '--duration', '1', '--connections', '2.5'], /^--connections: expected a positive integer, got "2.5"$/],
    [['run', '--url', 'ftp://127.0.0.1/x', '--rate', '5', '--duration', '1'], /^--url: expected an http or https URL/],
    [['run', '--url', 'nope', '--rate', '5', '--duration', '1'], /^--url: expected an absolute http\(s\) URL, got "nope"$/],
    [['run', '--url', 'http://127.0.0.1:9/x', '--rate', '5', '--duration', '1', '--slo', 'p95<fast'], /^--slo: malformed term "p95<fast"/],
    [['run', '--url', 'http://127.0.0.1:9/x', '--rate', '5', '--duration', '1', '--header', 'Authorization Bearer abc.def.ghi'], /^--header: expected "Name: value"/],
    [['run', '--url', 'http://127.0.0.1:9/x', '--rate', '5', '--duration', '1', '--bogus'], /^perf run: Unknown option '--bogus'/],
    [['run', '--url', 'http://127.0.0.1:9/x', '--rate'], /^perf run: Option '--rate <value>' argument missing/],
    [['frobnicate'], /^perf: unknown command "frobnicate"/],
    [[], /^Usage: pnpm -s perf/],
  ])('%j exits 2 with a one-line message naming the problem', async (argv, message) => {
    const io = memoryIo({ env: {} });
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err[0]).toMatch(message);
    expect(io.err.join('\n')).not.toMatch(/\n\s+at /);
    expect(io.err.join('\n')).not.toContain('Bearer abc.def.ghi');
  });

  it('prints help with exit 0', async () => {
    for (const argv of [['--help'], ['run', '--help'], ['run', '-h']]) {
      const io = memoryIo({ env: {} });
      expect(await runCli(argv, io)).toBe(0);
      expect(io.out[0]).toMatch(/^Usage: pnpm -s perf/);
    }
    const io = memoryIo({ env: {} });
    await runCli(['run', '--help'], io);
    expect(io.out.join('\n')).toMatch(/--ramp S\s+Ramp linearly from 0 to --rate over S seconds, THEN hold/);
  });

  it('exits 2 with a ConfigError naming the file and line of a malformed .env', async () => {
    const file = join(tmp, 'bad.env');
    writeFileSync(file, 'GOOD=1\nthis is not a pair\n');
    const io = memoryIo({ env: { PERF_ENV_FILE: file } });
    expect(await runCli(['run', '--help'], io)).toBe(2);
    expect(io.err).toEqual([`${file}:2: malformed line, expected KEY=value (the line is not shown: it may hold a secret)`]);
  });

  it.each(['capacity', 'compare', 'merge', 'model-check'])('dispatches %s --help without loading a suite', async (command) => {
    const io = memoryIo({ env: {} });
    expect(await runCli([command, '--help'], io, () => { throw new Error('suite loaded'); })).toBe(0);
    expect(io.out.join('\n')).toMatch(new RegExp(`perf ${command}`));
  });
});
