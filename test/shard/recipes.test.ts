import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { shardArgs } from './invocation.ts';

const ROOT = new URL('../..', import.meta.url);
const read = (p: string): string => readFileSync(new URL(p, ROOT), 'utf8');

interface Container {
  command: string[];
  args: string[];
  env?: { name: string; value?: string }[];
}
type Doc = { kind: string; metadata: { name: string }; spec: { completionMode?: string; completions?: number; template: { spec: { containers: Container[] } } } };

/** Kubernetes `$(VAR)` expansion of container args. */
const expand = (args: string[], vars: Record<string, string>): string[] => args.map((a) => a.replace(/\$\(([A-Z_]+)\)/g, (_m, v: string) => vars[v] ?? `$(${v})`));

describe('deploy recipes', () => {
  test('the Indexed Job runs the same perf run invocation as the local shard test', () => {
    const docs = parseAllDocuments(read('deploy/k8s/perf-indexed-job.yaml')).map((d) => d.toJS() as Doc);
    const job = docs.find((d) => d.kind === 'Job' && d.spec.completionMode === 'Indexed')!;
    expect(job).toBeDefined();
    const c = job.spec.template.spec.containers[0]!;
    expect(c.command).toEqual(['node', '--import', 'tsx', 'bin/perf.ts']);
    const env = Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
    expect(Number(env.SHARDS)).toBe(job.spec.completions);
    const startAt = '2030-01-01T00:00:00Z';
    for (let i = 0; i < job.spec.completions!; i++) {
      const got = expand(c.args, { ...env, START_AT: startAt, JOB_COMPLETION_INDEX: String(i) });
      expect(got).toEqual(
        shardArgs({
          url: env.TARGET_URL!,
          ratePerS: Number(env.RATE),
          rampS: Number(env.RAMP_S),
          durationS: Number(env.DURATION_S),
          warmupS: Number(env.WARMUP_S),
          index: i,
          count: Number(env.SHARDS),
          startAt,
          json: `/results/shard-${i}.json`,
        }),
      );
    }
    const merge = docs.find((d) => d.kind === 'Job' && d.metadata.name === 'perf-merge')!;
    expect(merge.spec.template.spec.containers[0]!.args.slice(0, 2)).toEqual(['merge', '/results']);
  });

  test('the GitHub workflow runs a matrix of shards and one merge job on their artifacts', () => {
    const wf = parse(read('.github/workflows/perf-distributed.yml')) as {
      jobs: Record<string, { needs?: string | string[]; strategy?: { matrix: { index: number[] } }; steps: { run?: string; uses?: string }[] }>;
      env: { SHARDS: number };
    };
    expect(wf.jobs.shard!.strategy!.matrix.index).toEqual([...Array(wf.env.SHARDS).keys()]);
    const run = wf.jobs.shard!.steps.map((s) => s.run ?? '').join('\n');
    expect(run).toMatch(/perf run .*--shard "\$\{\{ matrix.index \}\}\/\$\{SHARDS\}" --start-at/s);
    expect(wf.jobs.merge!.needs).toBe('shard');
    expect(wf.jobs.merge!.steps.map((s) => s.run ?? '').join('\n')).toMatch(/pnpm -s perf merge shards/);
  });
});
