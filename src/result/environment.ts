import { execFileSync } from 'node:child_process';
import { arch, cpus, platform, release, totalmem } from 'node:os';

/** What was under test and what generated the load: `environment` of a run summary and summary.json. */
export interface RunEnvironment {
  target: {
    /** Base URL of the target (secrets redacted when written). */
    url?: string;
    /** The target's own version string, when it reports one (GodGPT: `GET /api/godgpt/query-version`). */
    version?: string;
    /** `PERF_TARGET_BRANCH`, set by CI. */
    branch?: string;
    /** `PERF_TARGET_COMMIT`, set by CI. */
    commit?: string;
  };
  /** The suite's own checkout (absent outside a git checkout). */
  suite: { commit?: string; branch?: string; dirty?: boolean };
  /** The load generator's machine. */
  generator: { cpuModel: string; cores: number; memoryBytes: number; os: string; node: string };
  /** The embedded simulator, when the target is one. */
  simulator?: { profile: string; llm: string; config?: Record<string, unknown> };
}

let suiteGit: RunEnvironment['suite'] | undefined;

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The suite's commit and branch (once per process; empty outside a checkout). */
export function suiteCheckout(): RunEnvironment['suite'] {
  if (suiteGit) return suiteGit;
  const commit = git(['rev-parse', 'HEAD']);
  const branch = commit ? git(['rev-parse', '--abbrev-ref', 'HEAD']) : undefined;
  const dirty = commit ? (git(['status', '--porcelain', '--untracked-files=no']) ?? '') !== '' : undefined;
  suiteGit = { ...(commit ? { commit } : {}), ...(branch && branch !== 'HEAD' ? { branch } : {}), ...(dirty !== undefined ? { dirty } : {}) };
  return suiteGit;
}

/** CPU model, cores, memory, OS and Node version of this machine. */
export function generatorMachine(): RunEnvironment['generator'] {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() || 'unknown',
    cores: list.length,
    memoryBytes: totalmem(),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
  };
}

export interface EnvironmentInput {
  targetUrl?: string;
  targetVersion?: string;
  simulator?: RunEnvironment['simulator'];
  /** Where `PERF_TARGET_BRANCH` / `PERF_TARGET_COMMIT` are read. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** The environment of a run: the target as given, the suite's checkout and this machine. */
export function collectEnvironment(i: EnvironmentInput = {}): RunEnvironment {
  const env = i.env ?? process.env;
  const branch = env.PERF_TARGET_BRANCH?.trim();
  const commit = env.PERF_TARGET_COMMIT?.trim();
  return {
    target: {
      ...(i.targetUrl ? { url: i.targetUrl } : {}),
      ...(i.targetVersion ? { version: i.targetVersion } : {}),
      ...(branch ? { branch } : {}),
      ...(commit ? { commit } : {}),
    },
    suite: suiteCheckout(),
    generator: generatorMachine(),
    ...(i.simulator ? { simulator: i.simulator } : {}),
  };
}

const gib = (bytes: number): string => `${Math.round(bytes / 2 ** 30)} GB`;

/** What differs between two environments that a comparison should not blame on the code: target version, generator machine, simulator profile. */
export function environmentDifferences(base: RunEnvironment | undefined, head: RunEnvironment | undefined): string[] {
  if (!base || !head) return [];
  const out: string[] = [];
  const bt = base.target;
  const ht = head.target;
  if (bt.version !== ht.version) out.push(`target version differs: ${bt.version ?? 'unknown'} → ${ht.version ?? 'unknown'}`);
  if (bt.commit !== ht.commit) out.push(`target commit differs: ${bt.commit?.slice(0, 12) ?? 'unknown'} → ${ht.commit?.slice(0, 12) ?? 'unknown'}`);
  const m = (g: RunEnvironment['generator']): string => `${g.cores}c/${gib(g.memoryBytes)} ${g.cpuModel}`;
  if (m(base.generator) !== m(head.generator)) out.push(`generator machine differs: ${m(base.generator)} → ${m(head.generator)}`);
  const s = (x: RunEnvironment['simulator']): string => (x ? `${x.profile} (LLM ${x.llm})` : 'none');
  if (s(base.simulator) !== s(head.simulator)) out.push(`simulator profile differs: ${s(base.simulator)} → ${s(head.simulator)}`);
  return out;
}
