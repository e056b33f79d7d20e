import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startVitest } from 'vitest/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertEngineEnv } from '../../src/cli/engine-env.ts';
import { runCompareCommand } from '../../src/cli/compare.ts';
import { PerfReporter } from '../../src/report/vitest-reporter.ts';
import { interleave, RepeatSequencer } from '../../src/suite/repeat-sequencer.ts';
import { repeatFromEnv } from '../../src/suite/repeat.ts';

const store = resolve('src/result/store.ts');
const repeat = resolve('src/suite/repeat.ts');
const fixtures = resolve('test/report/fixtures.ts');

/** A perf file that logs its pass, saves its run as the suite does and, for `failFirst`, fails its first pass only. */
const perfFile = (endpoint: string, failFirst: boolean) => `
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { it, expect } from 'vitest';
import { saveRunSummary } from ${JSON.stringify(store)};
import { saveRepeatedRun } from ${JSON.stringify(repeat)};
import { synthMeta, synthSummary } from ${JSON.stringify(fixtures)};
it('${endpoint} holds the rate', () => {
  appendFileSync(process.env.ORDER_LOG, '${endpoint}\\n');
  const meta = synthMeta({ endpoint: '${endpoint}', scenario: '${endpoint} holds the rate' });
  const s = synthSummary({ name: '${endpoint}' });
  saveRunSummary(s, meta);
  saveRepeatedRun(s, meta);
  const flag = process.env.ORDER_LOG + '.${endpoint}';
  const first = !existsSync(flag);
  writeFileSync(flag, '1');
  ${failFirst ? "expect(first, 'first pass fails').toBe(false);" : ''}
});
`;

describe('PERF_REPEAT: each perf file N times, interleaved, every pass kept', () => {
  let root: string;
  const saved = { ...process.env };
  const lines: string[] = [];
  let exitCode: number | undefined;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'perf-repeat-'));
    mkdirSync(join(root, 'perf'));
    writeFileSync(join(root, 'perf', 'alpha.perf.ts'), perfFile('alpha', false));
    writeFileSync(join(root, 'perf', 'beta.perf.ts'), perfFile('beta', true));
    process.env.PERF_RESULTS_DIR = join(root, 'results');
    process.env.PERF_RUN_ID = 'rep';
    process.env.PERF_REPEAT = '3';
    process.env.ORDER_LOG = join(root, 'order.log');
    const vitest = await startVitest('test', [], {
      root,
      config: false,
      watch: false,
      include: ['perf/**/*.perf.ts'],
      name: 'perf',
      fileParallelism: false,
      maxWorkers: 1,
      sequence: { sequencer: RepeatSequencer },
      reporters: [new PerfReporter({ log: (l) => lines.push(l), setExitCode: (c) => (exitCode = c) })],
    });
    await vitest?.close();
  });
  afterAll(() => {
    process.env = { ...saved };
    process.exitCode = 0;
    rmSync(root, { recursive: true, force: true });
  });

  it('runs the files as passes, A B A B A B, never A A A B B B', () => {
    const order = readFileSync(join(root, 'order.log'), 'utf8').trim().split('\n');
    expect(order).toHaveLength(6);
    expect(order.slice(0, 2).sort()).toEqual(['alpha', 'beta']);
    expect(order.slice(2, 4)).toEqual(order.slice(0, 2));
    expect(order.slice(4, 6)).toEqual(order.slice(0, 2));
  });

  it('keeps every pass as repeat/<k>/runs/<test>.json, the last in runs/, and perf compare reads them as 3 runs', async () => {
    const dir = join(root, 'results', 'rep');
    for (const k of [1, 2, 3]) {
      const file = join(dir, 'repeat', String(k), 'runs', 'alpha--alpha-holds-the-rate.json');
      expect(existsSync(file), file).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8')).meta.repeat).toEqual({ index: k, of: 3 });
    }
    expect(existsSync(join(dir, 'repeat', '4'))).toBe(false);
    expect(existsSync(join(dir, 'runs', 'alpha--alpha-holds-the-rate.json'))).toBe(true);
    const out: string[] = [];
    expect(await runCompareCommand([dir, dir], { stdout: (l) => void out.push(l), stderr: (l) => void out.push(l) })).toBe(0);
    expect(out[0]).toContain('(3 runs a test)');
    expect(out.join("\n")).toMatch(/p95\s+80 ms → 80 ms\s+\+0\.0% \[[-+]0\.0%, \+0\.0%\]\s+same/);
  });

  it('a test that failed in one pass fails the run, though its last pass passed', () => {
    const summary = JSON.parse(readFileSync(join(root, 'results', 'rep', 'summary.json'), 'utf8'));
    const beta = summary.tests.find((t: { endpoint: string }) => t.endpoint === 'beta');
    expect(beta.test.state).toBe('failed');
    expect(beta.test.errors[0]).toMatch(/^failed in an earlier pass of PERF_REPEAT: .*first pass fails/);
    expect(summary.tests.find((t: { endpoint: string }) => t.endpoint === 'alpha').test.state).toBe('passed');
    expect(exitCode).toBe(1);
  });
});

describe('PERF_REPEAT values', () => {
  it('1 to 20; anything else is one line naming it, before any run', () => {
    expect(repeatFromEnv({})).toBe(1);
    expect(repeatFromEnv({ PERF_REPEAT: '3' })).toBe(3);
    for (const bad of ['0', '2.5', 'three', '21', '-1']) {
      expect(() => assertEngineEnv({ PERF_REPEAT: bad })).toThrow(/^PERF_REPEAT="[^"]*": expected a whole number of runs of each scenario from 1 to 20/);
    }
    expect(interleave(['a', 'b'], 2)).toEqual(['a', 'b', 'a', 'b']);
  });
});
