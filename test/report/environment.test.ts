import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCompareCommand } from '../../src/cli/compare.ts';
import { mergeGroups } from '../../src/cli/merge.ts';
import { saveRunSummary } from '../../src/result/store.ts';
import { writeSuiteReports } from '../../src/report/write-reports.ts';
import { collectEnvironment, environmentDifferences, type RunEnvironment } from '../../src/result/environment.ts';
import { parseRunSummary } from '../../src/result/schema.ts';
import { suiteEnvironment, versionOf } from '../../helpers/environment.ts';
import { startHarness } from '../../sim/tests/harness.ts';
import { synthMeta, synthSummary } from './fixtures.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'perf-env-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const env = (over: Partial<RunEnvironment> = {}): RunEnvironment => ({
  target: { url: 'http://127.0.0.1:1', version: '1.27.1' },
  suite: { commit: 'a'.repeat(40), branch: 'main' },
  generator: { cpuModel: 'Test CPU', cores: 2, memoryBytes: 4 * 2 ** 30, os: 'linux', node: 'v20.18.0' },
  simulator: { profile: 'healthy', llm: 'mocked' },
  ...over,
});

describe('environment of a run', () => {
  it('records the target with PERF_TARGET_BRANCH/COMMIT, the suite checkout and this machine', () => {
    const e = collectEnvironment({ targetUrl: 'http://127.0.0.1:9', targetVersion: '2.0', env: { PERF_TARGET_BRANCH: 'release/2', PERF_TARGET_COMMIT: 'abc123' } });
    expect(e.target).toEqual({ url: 'http://127.0.0.1:9', version: '2.0', branch: 'release/2', commit: 'abc123' });
    expect(e.suite.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(e.generator.cores).toBeGreaterThan(0);
    expect(e.generator.memoryBytes).toBeGreaterThan(0);
    expect(e.generator.node).toBe(process.version);
    expect(parseRunSummary({ ...synthSummary(), environment: e }).ok).toBe(true);
  });

  it('asks a GodGPT target its version and the embedded simulator its profile and LLM mode', async () => {
    const h = await startHarness('fast', { llm: 'real-llm', version: '9.9.9' });
    try {
      const e = await suiteEnvironment(h.url, true);
      expect(e.target.version).toBe('9.9.9');
      expect(e.simulator).toMatchObject({ profile: 'fast', llm: 'real-llm' });
      expect(e.simulator?.config?.['timeScale']).toBe(0.01);
    } finally {
      await h.close();
    }
    expect(versionOf({ code: '20000', data: '1.2.3' })).toBe('1.2.3');
    expect(versionOf('<html>'.repeat(100))).toBeUndefined();
  });

  it('names a different target version, generator machine or simulator profile', () => {
    expect(environmentDifferences(env(), env())).toEqual([]);
    const other = env({
      target: { url: 'http://127.0.0.1:1', version: '1.28.0' },
      generator: { cpuModel: 'Big CPU', cores: 12, memoryBytes: 16 * 2 ** 30, os: 'linux', node: 'v20.18.0' },
      simulator: { profile: 'seed-report', llm: 'mocked' },
    });
    expect(environmentDifferences(env(), other)).toEqual([
      'target version differs: 1.27.1 → 1.28.0',
      'generator machine differs: 2c/4 GB Test CPU → 12c/16 GB Big CPU',
      'simulator profile differs: healthy (LLM mocked) → seed-report (LLM mocked)',
    ]);
  });

  it('goes into summary.json and the report headers, and perf compare says when the sides differ', async () => {
    const write = (name: string, e: RunEnvironment): string => {
      const d = join(dir, name);
      saveRunSummary({ ...synthSummary(), environment: e }, synthMeta({ endpoint: 'chat', scenario: 'chat holds the rate' }), d);
      writeSuiteReports({ dir: d, junitPath: '', stepSummaryPath: '', lang: 'en', env: {} });
      return d;
    };
    const a = write('a', env());
    const b = write('b', env({ simulator: { profile: 'seed-report', llm: 'real-llm' } }));
    const summary = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as { environment?: RunEnvironment };
    expect(summary.environment?.generator.cpuModel).toBe('Test CPU');
    const md = readFileSync(join(a, 'report.md'), 'utf8');
    expect(md).toContain('Generator: 2c/4 GB, Test CPU');
    expect(md).toContain('Simulator: profile healthy, LLM mocked');
    expect(readFileSync(join(a, 'report.html'), 'utf8')).toContain('Target: http://127.0.0.1:1, version 1.27.1');
    const out: string[] = [];
    await runCompareCommand([a, b], { stdout: (l) => void out.push(l), stderr: () => {} });
    expect(out).toContain('environment: simulator profile differs: healthy (LLM mocked) → seed-report (LLM real-llm)');
  });

  it('is written in the report language: PERF_REPORT_LANG=zh translates the environment block of report.md and report.html', () => {
    const d = join(dir, 'zh');
    const e = env({ target: { url: 'http://127.0.0.1:1', version: '1.27.1', branch: 'release/2', commit: 'b'.repeat(40) }, suite: { commit: 'a'.repeat(40), branch: 'main', dirty: true } });
    saveRunSummary({ ...synthSummary(), environment: e }, synthMeta({ endpoint: 'chat', scenario: 'chat holds the rate' }), d);
    writeSuiteReports({ dir: d, junitPath: '', stepSummaryPath: '', lang: 'zh', env: {} });
    const md = readFileSync(join(d, 'report.md'), 'utf8');
    const block = md.split('\n').filter((l) => l.includes('127.0.0.1:1') || l.includes('Test CPU') || l.includes('healthy') || l.includes('aaaaaaaaaaaa'));
    expect(block).toEqual([
      '目标：http://127.0.0.1:1，版本 1.27.1，分支 release/2，提交 bbbbbbbbbbbb  ',
      '测试代码：main @ aaaaaaaaaaaa（有未提交的修改）  ',
      '压测机：2 核 / 4 GB，Test CPU，linux，Node v20.18.0  ',
      '模拟器：配置 healthy，模型 mocked  ',
    ]);
    expect(md).not.toMatch(/^(Target|Suite|Generator|Simulator): /m);
    const html = readFileSync(join(d, 'report.html'), 'utf8');
    expect(html).toContain('压测机：2 核 / 4 GB，Test CPU，linux，Node v20.18.0');
    expect(html).not.toContain('Generator: 2c/4 GB');
  });

  it('perf merge names inputs whose generator machine or target version differs from the first', () => {
    const big = env({ target: { url: 'http://127.0.0.1:1', version: '1.28.0' }, generator: { cpuModel: 'Big CPU', cores: 12, memoryBytes: 16 * 2 ** 30, os: 'linux', node: 'v20.18.0' } });
    const inputs = [env(), big, big].map((e, i) => ({ file: `s${i}.json`, summary: { ...synthSummary(), environment: e } }));
    const [merged] = mergeGroups([{ key: 'ping', inputs } as Parameters<typeof mergeGroups>[0][number]]);
    expect(merged!.environmentNotes).toEqual(['target version differs: 1.27.1 → 1.28.0', 'generator machine differs: 2c/4 GB Test CPU → 12c/16 GB Big CPU']);
  });
});
