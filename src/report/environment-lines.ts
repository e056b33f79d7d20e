import type { RunEnvironment } from '../result/environment.ts';
import { t, type Lang } from './messages.ts';

const gib = (bytes: number): string => `${Math.round(bytes / 2 ** 30)} GB`;

/** The header block of report.md and report.html, one line each: target, suite, generator, simulator, in `lang`. */
export function environmentLines(e: RunEnvironment, lang: Lang = 'en'): string[] {
  const sep = lang === 'zh' ? '，' : ', ';
  const tg = e.target;
  const target = [
    tg.url ?? t(lang, 'env_unknown'),
    tg.version ? t(lang, 'env_version', { version: tg.version }) : undefined,
    tg.branch ? t(lang, 'env_branch', { branch: tg.branch }) : undefined,
    tg.commit ? t(lang, 'env_commit', { commit: tg.commit.slice(0, 12) }) : undefined,
  ].filter(Boolean).join(sep);
  const s = e.suite;
  const suite = s.commit
    ? `${s.branch ?? t(lang, 'env_detached')} @ ${s.commit.slice(0, 12)}${s.dirty ? t(lang, 'env_dirty') : ''}`
    : t(lang, 'env_no_git');
  const g = e.generator;
  const machine = [t(lang, 'env_machine', { cores: g.cores, memory: gib(g.memoryBytes) }), g.cpuModel, g.os, `Node ${g.node}`].join(sep);
  const lines = [t(lang, 'env_target', { target }), t(lang, 'env_suite', { suite }), t(lang, 'env_generator', { machine })];
  if (e.simulator) {
    const sim = [t(lang, 'env_profile', { profile: e.simulator.profile }), t(lang, 'env_llm', { llm: e.simulator.llm })].join(sep);
    lines.push(t(lang, 'env_simulator', { simulator: sim }));
  }
  return lines;
}
