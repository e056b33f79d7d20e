import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runMergeCommand } from '../../src/cli/merge.ts';
import { groupMergeInputs } from '../../src/merge/inputs.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { runRunCommand } from '../../src/cli/run.ts';
import { saveRunSummary } from '../../src/result/store.ts';
import { runLoad } from '../../src/load/run-load.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { parseSloExpression } from '../../src/slo/expression.ts';
import { okHandler, startServer, type TestServer } from '../engine/server.ts';

describe('perf merge of shard summaries', () => {
  let server: TestServer;
  let dir: string;
  const files: string[] = [];
  let shards: RunSummary[] = [];

  beforeAll(async () => {
    server = await startServer(okHandler);
    dir = mkdtempSync(join(tmpdir(), 'perf-merge-'));
    const startAt = Date.now() + 1500;
    shards = await Promise.all(
      [0, 1, 2].map((index) =>
        runLoad({
          name: 'ping',
          scenario: { url: `${server.url}/ping` },
          model: { type: 'arrival-rate', startRate: 30, stages: [{ durationS: 1, target: 30 }] },
          warmupS: 0,
          shard: { index, count: 3 },
          startAt,
          slo: parseSloExpression('p95<5000'),
        }),
      ),
    );
    shards.forEach((s, i) => {
      const f = join(dir, `s${i}.json`);
      writeFileSync(f, JSON.stringify(s));
      files.push(f);
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const merge = async (args: string[]) => {
    const io = memoryIo();
    const code = await runMergeCommand([...args, '--out', join(dir, 'out'), '-q'], io);
    return { code, err: io.err.join('\n') };
  };
  const variant = (i: number, change: (s: RunSummary) => void): string => {
    const s = JSON.parse(JSON.stringify(shards[i])) as RunSummary;
    change(s);
    const f = join(dir, `variant-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(f, JSON.stringify(s));
    return f;
  };

  test('each shard takes every third iteration, records its shard, and the merge adds up exactly', async () => {
    expect(shards.map((s) => s.requests.scheduled)).toEqual([10, 10, 10]);
    expect(shards.map((s) => s.shard?.index)).toEqual([0, 1, 2]);
    expect(new Set(shards.map((s) => s.shard?.schedule)).size).toBe(1);
    expect(server.hits()).toBe(30);
    const out = join(dir, 'merged.json');
    const r = await merge([...files, '--json', out]);
    expect(r.code, r.err).toBe(0);
    const m = JSON.parse(readFileSync(out, 'utf8')) as RunSummary;
    expect(m.requests).toMatchObject({ scheduled: 30, sent: 30, ok: 30 });
    expect(m.latencyMs.count).toBe(30);
    expect(m.throughput.targetRps).toBeCloseTo(30, 6);
    expect(m.timeline[0]!.sent).toBe(30);
    expect(m.slo?.passed).toBe(true);
    expect(m.shard).toBeUndefined();
  });

  test('merges results folders of the suite (runs/*.json), one folder per shard machine, and passes an unsharded run through', async () => {
    const meta = { endpoint: 'ping', route: 'GET /ping', scenario: 'a user pings', targetRps: 30, sse: false, profile: 'pr', target: server.url };
    const dirs = shards.map((s, i) => {
      const d = join(dir, `machine-${i}`);
      saveRunSummary(s, meta, d);
      return d;
    });
    // An unsharded run keeps its own verdict: none here (a shard alone has too few samples for its p95).
    const whole = { ...shards[0]!, shard: undefined, name: 'other', slo: null } as RunSummary;
    delete (whole as { shard?: unknown }).shard;
    saveRunSummary(whole, { ...meta, endpoint: 'other' }, dirs[0]!);
    const out = join(dir, 'suite.json');
    const r = await merge([...dirs, '--json', out]);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { runs: { meta: { endpoint: string }; summary: RunSummary }[] };
    expect(r.code, r.err).toBe(0);
    expect(doc.runs.map((x) => [x.meta.endpoint, x.summary.requests.scheduled])).toEqual([['other', 10], ['ping', 30]]);
    const md = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    expect(md).toContain('ping');
    expect(readFileSync(join(dir, 'out', 'junit.xml'), 'utf8')).toContain('<testsuite');
  });

  test('re-evaluates the SLO on the merged histograms and exits 1 when it fails', async () => {
    const r = await merge([...files, '--slo', 'p50<0.001']);
    expect(r.code).toBe(1);
  });

  test('refuses a missing shard, the same shard twice, a different schedule, target or SLO, naming the files', async () => {
    let r = await merge([files[0]!, files[1]!]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing shard 2\/3/);
    expect(r.err).toContain('s0.json');

    const dup = variant(1, () => {});
    r = await merge([files[0]!, files[1]!, dup, files[2]!]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/shard 1\/3 given twice: .*s1\.json, .*variant-/);

    for (const change of [
      (s: RunSummary) => (s.shard!.schedule = 'deadbeefdeadbeef'),
      (s: RunSummary) => (s.shard!.target = 'GET http://127.0.0.1:1/other'),
      (s: RunSummary) => (s.shard!.slo = { latencyMs: { p95: 1 } }),
      (s: RunSummary) => (s.shard!.count = 4),
    ]) {
      const other = variant(2, change);
      r = await merge([files[0]!, files[1]!, other]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/different (schedules|targets|SLOs|shard counts)/);
      expect(r.err).toContain('variant-');
    }
  });

  test('refuses what the run-summary schema rejects, naming the file and field', async () => {
    const bad = variant(0, (s) => ((s as unknown as Record<string, unknown>).latencyMs = null));
    const r = await merge([bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/variant-.*latencyMs/);
  });

  test('refuses a shard that is a relabelled copy of another (same samples), naming both files', async () => {
    const copy = variant(0, (s) => (s.shard!.index = 1));
    const r = await merge([files[0]!, copy, files[2]!]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/same samples/);
    expect(r.err).toContain('s0.json');
    expect(r.err).toContain('variant-');
  });

  test('refuses a summary whose numbers contradict each other or its histograms, naming the file and the field', async () => {
    const edits: [(s: RunSummary) => void, RegExp][] = [
      [(s) => (s.requests.ok = 100_000), /requests/],
      [(s) => Object.assign(s.requests, { ok: 100_000, completed: 100_000, sent: 100_000, scheduled: 100_000 }), /latencyMs|histograms\.latency|steps|whole/],
      [(s) => (s.latencyMs.count = 5000), /latencyMs/],
      [(s) => (s.errors = { timeout: 3 }), /errors/],
      [(s) => (s.timeline[0]!.ok += 7), /timeline/],
    ];
    for (const [edit, field] of edits) {
      const bad = variant(1, edit);
      const r = await merge([files[0]!, bad, files[2]!]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain('variant-');
      expect(r.err).toMatch(field);
      expect(r.err).not.toMatch(/unexpected error/);
    }
  });

  test('refuses an achieved rate more than the ok iterations (and warm-up) could complete, and accepts the honest shards\' own', async () => {
    const bad = variant(1, (s) => (s.throughput.achievedRps = 100_000));
    const r = await merge([files[0]!, bad, files[2]!]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain('variant-');
    expect(r.err).toMatch(/throughput\.achievedRps/);
    const shift = variant(1, (s) => (s.throughput.windowShiftMs = -5));
    expect((await merge([files[0]!, shift, files[2]!])).code).toBe(2);
    expect((await merge(files)).code).toBe(0);
  });

  test('refuses a corrupt histogram naming the file and the histogram, never "unexpected error"', async () => {
    for (const [edit, field] of [
      [(s: RunSummary) => (s.histograms.latency = 'SGVsbG8gd29ybGQ='), 'histograms.latency'],
      [(s: RunSummary) => (s.timeline[0]!.histograms = { latency: 'not base64 at all' }), 'timeline[0].histograms.latency'],
    ] as const) {
      const bad = variant(2, edit);
      const r = await merge([files[0]!, files[1]!, bad]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain('variant-');
      expect(r.err).toContain(field);
      expect(r.err).not.toMatch(/unexpected error/);
    }
  });

  test('shards that scheduled nothing (stopped before recording) are alike, and are not taken for copies', () => {
    const zero = { scheduled: 0, sent: 0, completed: 0, ok: 0, failed: 0, dropped: 0 };
    const empty = (index: number): RunSummary => {
      const s = JSON.parse(JSON.stringify(shards[0])) as RunSummary;
      Object.assign(s, { requests: zero, errors: {}, timeline: [], histograms: {} });
      Object.assign(s.whole, { requests: zero, errors: {} });
      s.latencyMs.count = 0;
      if (s.failedLatencyMs) s.failedLatencyMs.count = 0;
      s.shard!.index = index;
      return s;
    };
    const groups = groupMergeInputs([0, 1, 2].map((i) => ({ file: `empty-${i}.json`, summary: empty(i) })));
    expect(groups[0]!.inputs).toHaveLength(3);
  });

  test('the merged suite duration and start come from the shards\' own times, never from the clock at merge', async () => {
    const dayMs = 86_400_000;
    const old = [0, 1, 2].map((i) => variant(i, (s) => (s.startedAt = new Date(Date.parse(s.startedAt) - dayMs).toISOString())));
    const r = await merge(old);
    expect(r.code, r.err).toBe(0);
    const starts = shards.map((s) => Date.parse(s.startedAt) - dayMs - (s.warmup?.durationS ?? 0) * 1000);
    const ends = shards.map((s) => Date.parse(s.startedAt) - dayMs + s.durationS * 1000);
    const expected = Math.round((Math.max(...ends) - Math.min(...starts)) / 100) / 10;
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as { startedAt: string; finishedAt: string; durationS: number };
    expect(summary.durationS).toBe(expected);
    expect(summary.startedAt).toBe(new Date(Math.min(...starts)).toISOString());
    expect(summary.finishedAt).toBe(new Date(Math.max(...ends)).toISOString());
    expect(readFileSync(join(dir, 'out', 'report.md'), 'utf8')).toContain(`Duration: ${expected} s`);
    expect(readFileSync(join(dir, 'out', 'junit.xml'), 'utf8')).toMatch(new RegExp(`<testsuites [^>]*time="${expected.toFixed(3)}"`));
  });

  test('perf run --start-at in the past exits 2 before any request', async () => {
    const before = server.hits();
    const io = memoryIo();
    const code = await runRunCommand(['--url', `${server.url}/x`, '--rate', '10', '--duration', '1', '--shard', '0/2', '--start-at', String(Date.now() - 1000), '-q', '--no-preflight'], io);
    expect(code).toBe(2);
    expect(io.err.join('\n')).toMatch(/already past/);
    expect(server.hits()).toBe(before);
  });

  test('--shard without --start-at, and a malformed --shard, exit 2 naming the flag', async () => {
    for (const args of [['--shard', '1/2'], ['--shard', '2/2', '--start-at', String(Date.now() + 60_000)], ['--shard', '0/2', '--start-at', 'tomorrow']]) {
      const io = memoryIo();
      const code = await runRunCommand(['--url', `${server.url}/x`, '--rate', '10', '--duration', '1', '-q', '--no-preflight', ...args], io);
      expect(code).toBe(2);
      expect(io.err.join('\n')).toMatch(/--shard|--start-at/);
    }
  });

  test('closed model: users split as evenly as possible', async () => {
    const startAt = Date.now() + 800;
    const runs = await Promise.all(
      [0, 1].map((index) =>
        runLoad({ scenario: { url: `${server.url}/c` }, model: { type: 'concurrency', vus: 5, durationS: 0.5, thinkTimeMs: 100 }, warmupS: 0, shard: { index, count: 2 }, startAt }),
      ),
    );
    const users = runs.map((r) => r.requests.sent > 0);
    expect(users).toEqual([true, true]);
    // 3 and 2 users, each starting an iteration at once.
    expect(runs[0]!.timeline[0]!.sent).toBeGreaterThanOrEqual(3);
    expect(runs[1]!.timeline[0]!.sent).toBeGreaterThanOrEqual(2);
    expect(runs[0]!.timeline[0]!.sent).toBeGreaterThan(runs[1]!.timeline[0]!.sent - 1);
  });
});
