import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { RunSummary } from '../../src/result/types.ts';
import { okHandler, startServer, type TestServer } from '../engine/server.ts';

/**
 * The deploy recipes' own commands, run here: each shard of the Kubernetes Indexed Job and of the
 * GitHub matrix as its manifest says (a small rate against a local server), then its merge step.
 * No cluster or runner is involved; what runs is exactly what they would run.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const TSX = createRequire(import.meta.url).resolve('tsx').replace(/[^/\\]+$/, 'loader.mjs');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');
const LOAD = { RATE: '60', RAMP_S: '1', DURATION_S: '2', WARMUP_S: '1' };
/** Requests of the judged window, the 2 s hold at 60/s (the 1 s ramp is not judged). */
const SCHEDULED = 120;

function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, PERF_ENV_FILE: '/dev/null', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

const startAt = (): string => new Date(Math.ceil((Date.now() + 20_000) / 1000) * 1000).toISOString();

describe('the deploy recipes, run as written (local server, small rate)', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startServer(okHandler);
    dir = mkdtempSync(join(tmpdir(), 'perf-recipes-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('Kubernetes: the Indexed Job\'s three shards and the merge Job give one exact summary', async () => {
    type Container = { command: string[]; args: string[]; env?: { name: string; value?: string }[] };
    const docs = parseAllDocuments(read('deploy/k8s/perf-indexed-job.yaml')).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: { completions?: number; template: { spec: { containers: Container[] } } } });
    const job = docs.find((d) => d.metadata.name === 'perf-shards')!;
    const merge = docs.find((d) => d.metadata.name === 'perf-merge')!.spec.template.spec.containers[0]!;
    const c = job.spec.template.spec.containers[0]!;
    const results = join(dir, 'k8s-results');
    mkdirSync(results);
    const vars: Record<string, string> = {
      ...Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!])),
      ...LOAD,
      TARGET_URL: `${server.url}/health`,
      START_AT: startAt(),
    };
    // The volume mounted at /results, and `node` in the image.
    const local = (a: string): string => a.replace(/^\/results/, results);
    const expand = (a: string, i: number): string => local(a.replace(/\$\(([A-Z_]+)\)/g, (_m, v: string) => (v === 'JOB_COMPLETION_INDEX' ? String(i) : vars[v]!)));
    const [node, ...nodeArgs] = c.command;
    expect(node).toBe('node');
    const withTsx = (args: string[]): string[] => args.map((a) => (a === 'tsx' ? TSX : a));
    const shards = await Promise.all(Array.from({ length: job.spec.completions! }, (_, i) => exec(process.execPath, [...withTsx(nodeArgs), ...c.args.map((a) => expand(a, i))], ROOT, vars)));
    for (const s of shards) expect(s.code, s.out).toBe(0);
    const m = await exec(process.execPath, [...withTsx(merge.command.slice(1)), ...merge.args.map(local)], ROOT, {});
    expect(m.code, m.out).toBe(0);
    const merged = JSON.parse(readFileSync(join(results, 'merged/merged.json'), 'utf8')) as RunSummary;
    expect(merged.requests).toMatchObject({ scheduled: SCHEDULED, ok: SCHEDULED });
    expect(existsSync(join(results, 'merged/report.md'))).toBe(true);
  });

  test('GitHub Actions: the matrix\'s shard steps and the merge step, in a runner-like folder, publish the report and exit by the merged verdict', async () => {
    const wf = parse(read('.github/workflows/perf-distributed.yml')) as { env: Record<string, string | number>; jobs: Record<string, { strategy?: { matrix: { index: number[] } }; steps: { name?: string; run?: string }[] }> };
    const work = join(dir, 'gh-workspace');
    const bin = join(dir, 'bin');
    mkdirSync(work);
    mkdirSync(bin);
    // `pnpm -s perf ...` in the checkout, as the job's install step leaves it.
    writeFileSync(join(bin, 'pnpm'), `#!/bin/sh\n[ "$1" = "-s" ] && shift\n[ "$1" = "perf" ] && shift\nexec "${process.execPath}" --import "${TSX}" "${ROOT}bin/perf.ts" "$@"\n`);
    chmodSync(join(bin, 'pnpm'), 0o755);
    const inputs: Record<string, string> = { url: `${server.url}/health`, allow_host: '127.0.0.1', rate: LOAD.RATE, ramp_s: LOAD.RAMP_S, duration_s: LOAD.DURATION_S, slo: 'p95<500,p99<1000,errors<0.01' };
    const at = startAt();
    const script = (run: string, index?: number): string =>
      run.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, e: string) => {
        if (e.startsWith('inputs.')) return inputs[e.slice(7)]!;
        if (e === 'matrix.index') return String(index);
        if (e === 'needs.plan.outputs.start_at') return at;
        throw new Error(`unexpected expression ${e}`);
      });
    const env = { PATH: `${bin}:${process.env.PATH}`, ...Object.fromEntries(Object.entries(wf.env).map(([k, v]) => [k, String(v)])), PERF_ALLOW_HOSTS: inputs.allow_host };
    const step = wf.jobs.shard!.steps.find((s) => s.run?.includes('perf run'))!.run!;
    const shards = await Promise.all(wf.jobs.shard!.strategy!.matrix.index.map((i) => exec('bash', ['-e', '-c', script(step, i)], work, env)));
    for (const s of shards) expect(s.code, s.out).toBe(0);
    const summaryFile = join(dir, 'step-summary.md');
    const mergeStep = wf.jobs.merge!.steps.find((s) => s.run?.includes('perf merge'))!.run!;
    const m = await exec('bash', ['-e', '-c', script(mergeStep)], work, { ...env, GITHUB_STEP_SUMMARY: summaryFile });
    expect(m.code, m.out).toBe(0);
    const merged = JSON.parse(readFileSync(join(work, 'merged/merged.json'), 'utf8')) as RunSummary;
    expect(merged.requests).toMatchObject({ scheduled: SCHEDULED, ok: SCHEDULED });
    expect(merged.slo?.passed).toBe(true);
    expect(readFileSync(summaryFile, 'utf8')).toContain('PASS');
  });
});
