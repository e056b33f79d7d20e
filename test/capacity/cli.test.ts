import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCapacityCommand } from '../../src/cli/capacity.ts';
import { memoryIo } from '../../src/cli/io.ts';
import type { RunLoad } from '../../src/load/types.ts';
import type { SuitePlugin } from '../../src/suite/types.ts';
import { startTextServer } from '../resources/metrics-server.ts';

const noEngine: RunLoad = async () => {
  throw new Error('the engine must not run on bad usage');
};

async function usage(argv: string[], suite?: SuitePlugin) {
  const io = memoryIo({ env: {} });
  const code = await runCapacityCommand(argv, io, suite, { runLoad: noEngine });
  return { code, err: io.err.join('\n'), out: io.out.join('\n') };
}

const URL_ARGS = ['--url', 'http://127.0.0.1:1/x', '--start', '1', '--step', '1', '--max', '2', '--slo', 'p95<100'];

describe('perf capacity usage', () => {
  it('prints help with exit 0', async () => {
    const r = await usage(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--step-duration/);
  });

  it.each([
    [['--url', 'http://127.0.0.1:1/', '--step', '1', '--max', '2', '--slo', 'p95<1'], /--start: required with --url/],
    [['--url', 'http://127.0.0.1:1/', '--start', '1', '--step', '1', '--max', '2'], /--slo: required/],
    [[...URL_ARGS, '--k', '1'], /--k: expected a number above 1/],
    [[...URL_ARGS, '--start', 'ten'], /--start: expected a number above 0, got "ten"/],
    [['--url', 'http://127.0.0.1:1/', '--start', '5', '--step', '1', '--max', '2', '--slo', 'p95<1'], /--max: 2 is below --start 5/],
    [[...URL_ARGS, '--bogus'], /bogus/],
    [[...URL_ARGS, '--maximize', 'tokens'], /--maximize: expected rate or goodput, got "tokens"/],
    [[...URL_ARGS, '--header', 'no colon'], /--header: expected "Name: value"/],
    [[...URL_ARGS.slice(0, -1), 'p95<<1'], /--slo/],
    [['voice-chat', ...URL_ARGS], /either endpoints .* or --url/],
    [[], /no suite is available/],
  ])('%j → exit 2 naming the problem', async (argv, message) => {
    const r = await usage(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('an unreachable target is a clear error, exit 2', async () => {
    const r = await usage(URL_ARGS);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/target unreachable: ECONNREFUSED 127\.0\.0\.1:1/);
  });

  it('a target that answers with errors only fails before the search, exit 2', async () => {
    const srv = await startTextServer(() => ({ status: 503, body: 'down' }));
    try {
      const r = await usage(['--url', `${srv.url}/x`, '--start', '1', '--step', '1', '--max', '2', '--slo', 'p95<100', '--timeout', '2']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/answered every request with an error before the search: .*http_5xx/);
    } finally {
      await srv.close();
    }
  });

  it('rejects unknown suite endpoints, listing the known ones', async () => {
    const suite: SuitePlugin = {
      baseUrl: () => 'http://127.0.0.1:1',
      endpoints: () => [{ id: 'voice-chat', route: 'POST /api/godgpt/voice/chat', targetRps: 70, slo: {}, sse: true }],
      prepare: async () => ({ scenario: { url: '/' }, close: async () => {} }),
    };
    const r = await usage(['nope'], suite);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown endpoint nope \(known: voice-chat\)/);
  });
});

describe('perf capacity --json', () => {
  it('writes the steps, maxStableRps and degradationRps of a URL search', async () => {
    const srv = await startTextServer(() => ({ body: 'ok' }));
    const dir = mkdtempSync(join(tmpdir(), 'cap-'));
    try {
      const io = memoryIo({ env: {} });
      const code = await runCapacityCommand(
        ['--url', `${srv.url}/x`, '--start', '5', '--step', '5', '--max', '10', '--step-duration', '1', '--ramp', '0', '--settle', '0',
          '--slo', 'p50<500,errors<0.01', '--json', join(dir, 'c.json'), '-q', '--max-dispatch-lag', '100', '--max-late-ratio', '0.2'],
        io,
      );
      expect(code, io.err.join('\n')).toBe(0);
      const json = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
      expect(json.steps.map((s: { targetRps: number }) => s.targetRps)).toEqual([5, 10]);
      expect(json.steps[0]).toMatchObject({ passed: true, errorRate: 0 });
      expect(Object.keys(json.steps[0])).toEqual(expect.arrayContaining(['targetRps', 'achievedRps', 'p50', 'p95', 'p99', 'errorRate', 'passed']));
      expect(json.maxStableRps).toBe(10);
      expect(json.stoppedBy).toBe('max-reached');
      expect(json.degradationRps === null || typeof json.degradationRps === 'number').toBe(true);
      expect(io.out.join('\n')).toMatch(/verdict: GET \/x: maximum stable rate 10\/s, the top of the search range/);
    } finally {
      await srv.close();
    }
  });

  it('--maximize goodput judges steps on their goodput and reports the most goodput seen', async () => {
    const srv = await startTextServer(() => ({ body: 'ok' }));
    const dir = mkdtempSync(join(tmpdir(), 'cap-'));
    try {
      const io = memoryIo({ env: {} });
      const code = await runCapacityCommand(
        ['--url', `${srv.url}/x`, '--start', '5', '--step', '5', '--max', '10', '--step-duration', '1', '--ramp', '0', '--settle', '0',
          '--slo', 'goodput(latency<5000)>0.9', '--maximize', 'goodput', '--json', join(dir, 'c.json'), '-q', '--max-dispatch-lag', '100', '--max-late-ratio', '0.2'],
        io,
      );
      expect(code, io.err.join('\n')).toBe(0);
      const json = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
      expect(json.maximize).toBe('goodput');
      expect(json.steps[0]).toMatchObject({ passed: true, goodputRatio: 1 });
      expect(json.maxGoodputRps).toBeGreaterThan(0);
      expect(json.notes.join(' ')).toMatch(/maximised goodput: a step passed when at least 90% of its iterations met every goodput bound at once \(latency < 5000 ms\)/);
    } finally {
      await srv.close();
    }
  });
});

describe('perf capacity interrupted', () => {
  it('stops between steps on Ctrl-C, prints the steps done and exits 130', async () => {
    const srv = await startTextServer(() => ({ body: 'ok' }));
    const controller = new AbortController();
    try {
      const io = memoryIo({ env: {}, signal: controller.signal });
      const run = runCapacityCommand(
        ['--url', `${srv.url}/x`, '--start', '5', '--step', '5', '--max', '100', '--step-duration', '1', '--ramp', '0', '--settle', '0',
          '--slo', 'p50<500', '-q', '--max-late-ratio', '0.5', '--max-dispatch-lag', '200'],
        io,
      );
      setTimeout(() => controller.abort(), 4500);
      const code = await run;
      expect(code).toBe(130);
      const out = io.out.join('\n');
      expect(out).toMatch(/verdict: GET \/x: search interrupted; (maximum stable rate \d+\/s|no stable rate found) so far/);
      expect(out).toMatch(/search\s+5\s/);
    } finally {
      await srv.close();
    }
  });
});
