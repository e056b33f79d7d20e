import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import type { Sampler } from '../../src/load/types.ts';
import { okHandler, startServer, type TestServer } from '../engine/server.ts';

const MODULE = fileURLToPath(new URL('./fixtures/tagged-flow.ts', import.meta.url));

describe('a scenario module (each generator process builds its own flow)', () => {
  let server: TestServer;
  const seen = new Map<string, number>();
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const g = String(req.headers['x-generator']);
      seen.set(g, (seen.get(g) ?? 0) + 1);
      okHandler(req, res);
    });
  });
  afterAll(() => server.close());

  test('runs in one process as generator 0 of 1', async () => {
    seen.clear();
    const s = await runLoad({
      scenario: { module: MODULE, export: 'taggedFlow', args: { url: `${server.url}/one` } },
      model: { type: 'arrival-rate', startRate: 20, stages: [{ durationS: 1, target: 20 }] },
      warmupS: 0,
    });
    expect(s.requests).toMatchObject({ sent: 20, ok: 20 });
    expect(Object.fromEntries(seen)).toEqual({ '0/1': 20 });
  });

  test('with workers 2, each worker builds the flow after a slow set-up and the schedule is split exactly', async () => {
    seen.clear();
    let samples = 0;
    const sampler: Sampler = {
      name: 'resources',
      start: () => {},
      sample: () => ({ memoryBytes: 1000 + samples++ }),
      stop: () => ({ samples }),
    };
    const s = await runLoad({
      name: 'tagged',
      scenario: { module: MODULE, export: 'taggedFlow', args: { url: `${server.url}/two`, setupMs: 1500 } },
      model: { type: 'arrival-rate', startRate: 30, stages: [{ durationS: 2, target: 30 }] },
      warmupS: 0,
      workers: 2,
      samplers: [sampler],
    });
    expect(s.requests).toMatchObject({ scheduled: 60, sent: 60, ok: 60 });
    expect(Object.fromEntries(seen)).toEqual({ '0/2': 30, '1/2': 30 });
    expect(s.extra?.workers).toBe(2);
    // Samplers run in the parent, beside the workers: their result and a value per recorded second.
    expect(s.extra?.resources).toMatchObject({ samples: expect.any(Number) });
    expect(s.timeline.filter((e) => e.resources?.memoryBytes !== undefined).length).toBeGreaterThanOrEqual(1);
  });

  test('a factory whose set-up fails stops the run before any traffic, naming the worker and the cause', async () => {
    const before = server.hits();
    await expect(
      runLoad({ scenario: { module: MODULE, export: 'failingSetup' }, model: { type: 'arrival-rate', stages: [{ durationS: 1, target: 10 }] }, warmupS: 0, workers: 2 }),
    ).rejects.toThrow(/worker [01]\/2: scenario module .*tagged-flow\.ts \(export failingSetup\) failed: login refused for user 3/);
    expect(server.hits()).toBe(before);
  });

  test('a missing export or a relative path is a configuration error naming the option', async () => {
    const model = { type: 'arrival-rate' as const, stages: [{ durationS: 1, target: 10 }] };
    await expect(runLoad({ scenario: { module: MODULE, export: 'notAFunction' }, model })).rejects.toMatchObject({
      code: 'PERF_ERR_CONFIG',
      message: expect.stringMatching(/scenario\.export: .* has no function export "notAFunction"/),
    });
    await expect(runLoad({ scenario: { module: 'fixtures/tagged-flow.ts', export: 'taggedFlow' }, model })).rejects.toThrow(/scenario\.module: expected an absolute path/);
    await expect(runLoad({ scenario: { module: MODULE, export: 'notAFunction' }, model, workers: 2 })).rejects.toMatchObject({ code: 'PERF_ERR_CONFIG' });
  });

  test('an abort while the workers set up returns the empty partial run', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('stop')), 300);
    const s = await runLoad({
      scenario: { module: MODULE, export: 'taggedFlow', args: { url: `${server.url}/three`, setupMs: 5000 } },
      model: { type: 'arrival-rate', stages: [{ durationS: 5, target: 10 }] },
      warmupS: 0,
      workers: 2,
      signal: ac.signal,
    });
    expect(s.aborted).toBe(true);
    expect(s.requests.sent).toBe(0);
    expect(s.extra?.workers).toBe(2);
  });

  test('a factory that throws something other than an Error is named with what it threw', async () => {
    const model = { type: 'arrival-rate' as const, stages: [{ durationS: 1, target: 10 }] };
    await expect(runLoad({ scenario: { module: MODULE, export: 'throwsString' }, model, warmupS: 0, workers: 2 })).rejects.toThrow(
      /worker [01]\/2: scenario module .*tagged-flow\.ts \(export throwsString\) failed: no users left$/,
    );
    await expect(runLoad({ scenario: { module: MODULE, export: 'throwsUndefined' }, model, warmupS: 0, workers: 2 })).rejects.toThrow(
      /worker [01]\/2: scenario module .*tagged-flow\.ts \(export throwsUndefined\) failed: undefined \(not an Error\)$/,
    );
    await expect(runLoad({ scenario: { module: MODULE, export: 'throwsString' }, model, warmupS: 0 })).rejects.toThrow(/\(export throwsString\) failed: no users left$/);
  });

  test('a factory that returns an invalid request spec is a configuration error naming the module and the field', async () => {
    const model = { type: 'arrival-rate' as const, stages: [{ durationS: 1, target: 10 }] };
    await expect(runLoad({ scenario: { module: MODULE, export: 'badSpec' }, model, warmupS: 0, workers: 2 })).rejects.toMatchObject({
      code: 'PERF_ERR_CONFIG',
      message: expect.stringMatching(/worker [01]\/2: invalid runLoad options: scenario module .*tagged-flow\.ts \(export badSpec\) returned an invalid request spec:[\s\S]*→ at url/),
    });
  });

  test('args that cannot be copied to a worker process are refused before any worker starts, naming scenario.args', async () => {
    const before = server.hits();
    await expect(
      runLoad({
        scenario: { module: MODULE, export: 'taggedFlow', args: { url: `${server.url}/fn`, pick: () => 1 } },
        model: { type: 'arrival-rate', stages: [{ durationS: 1, target: 10 }] },
        warmupS: 0,
        workers: 2,
      }),
    ).rejects.toMatchObject({ code: 'PERF_ERR_CONFIG', message: expect.stringMatching(/^invalid runLoad options: scenario\.args: must be plain data .*could not be cloned/) });
    expect(server.hits()).toBe(before);
  });

  test('a scenario module with workers and a shard is refused, as a request spec is (the shard would be run whole)', async () => {
    const before = server.hits();
    await expect(
      runLoad({
        scenario: { module: MODULE, export: 'taggedFlow', args: { url: `${server.url}/shard` } },
        model: { type: 'arrival-rate', stages: [{ durationS: 1, target: 10 }] },
        warmupS: 0,
        workers: 2,
        shard: { index: 0, count: 2 },
        startAt: Date.now() + 5_000,
      }),
    ).rejects.toMatchObject({ code: 'PERF_ERR_CONFIG', message: expect.stringMatching(/workers and shard together are not supported/) });
    expect(server.hits()).toBe(before);
  });
});
