import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closestName } from '../src/index.ts';
import { resolveConfig } from './config.ts';
import { knownSettings } from './settings.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

const ROOT = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('PERF_* variables', () => {
  it('a misspelt endpoint override is an error with "did you mean", not silently ignored', () => {
    expect(() => resolveConfig({ PERF_RATE_USER_IDD: '5' })).toThrow(/PERF_RATE_USER_IDD is not a setting; did you mean PERF_RATE_USER_ID\?/);
    expect(() => resolveConfig({ PERF_SLO_USERID: 'p95<1' })).toThrow(/PERF_SLO_USERID is not a setting; did you mean PERF_SLO_USER_ID\?/);
    expect(() => resolveConfig({ PERF_PROFIL: 'smoke' })).toThrow(/PERF_PROFIL is not a setting; did you mean PERF_PROFILE\?/);
    expect(() => resolveConfig({ PERF_NONSENSE_THING: '1' })).toThrow(/^PERF_NONSENSE_THING is not a setting \(known settings are listed in \.env\.example\)$/);
  });

  it('names every unknown variable in one error, and accepts the known ones', () => {
    expect(() => resolveConfig({ PERF_RATE_USER_IDD: '5', PERF_SLO_USERID: 'p95<1' })).toThrow(/PERF_RATE_USER_IDD .*; PERF_SLO_USERID /);
    expect(() => resolveConfig({ PERF_RATE_USER_ID: '5', PERF_SLO_USER_ID: 'p95<1', PERF_REPORT_LANG: 'zh', PERF_EMBEDDED_SIM: '1' })).not.toThrow();
  });

  it('a lower-case perf_* name is an error with "did you mean PERF_...", not silently ignored', () => {
    expect(() => resolveConfig({ perf_rate_user_id: '5' })).toThrow(/^perf_rate_user_id is not a setting \(names are upper-case\); did you mean PERF_RATE_USER_ID\?/);
    expect(() => resolveConfig({ Perf_Profile: 'smoke' })).toThrow(/^Perf_Profile is not a setting \(names are upper-case\); did you mean PERF_PROFILE\?/);
  });

  it(".env.example says what PERF_WORKERS does: the suite's flows run in worker processes, each with its own token pool", () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const block = /((?:^#(?!\s*PERF_[A-Z0-9_]*=).*\n)+)#?\s*PERF_WORKERS=/m.exec(example)?.[1] ?? '';
    expect(block).not.toMatch(/refuse/i);
    expect(block).toMatch(/PERF_POOL_SIZE/);
    expect(block).toMatch(/PERF_SHARD/);
  });

  it('suggests only close names', () => {
    expect(closestName('PERF_RATE_GUEST_CHATT', ['PERF_RATE_GUEST_CHAT', 'PERF_RATE_CHAT'])).toBe('PERF_RATE_GUEST_CHAT');
    expect(closestName('PERF_COMPLETELY_DIFFERENT', ['PERF_PROFILE'])).toBeUndefined();
  });

  it('the known list covers every PERF_* variable the code reads', () => {
    const known = new Set(knownSettings().map((s) => s.name));
    // Error codes, internal identifiers and name prefixes, not variables.
    const notSettings = /^PERF_(ERR_[A-Z_]*|TIMEOUT|RUN_ENDED|PROFILE_BODY|TIMEOUT_S|METRICS_|PROMETHEUS_|RATE_|SLO_|THINK_|MIX_)$/;
    const read = new Set<string>();
    for (const dir of ['src', 'helpers', 'perf', 'sim', 'bin', 'bench']) {
      for (const file of sources(join(ROOT, dir))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/\bPERF_[A-Z0-9_]+/g)) if (!notSettings.test(m[0])) read.add(m[0]);
      }
    }
    const endpointExample = /^PERF_(RATE|SLO)_[A-Z_]+$/;
    expect([...read].filter((n) => !known.has(n) && !endpointExample.test(n)).sort()).toEqual([]);
  });

  it('.env.example lists exactly the known settings', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^#?\s*(PERF_[A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    const known = knownSettings();
    const names = new Set(known.map((s) => s.name));
    expect([...listed].filter((n) => !names.has(n)), 'in .env.example but unknown').toEqual([]);
    const perEndpoint = /^PERF_(RATE|SLO|THINK)_/;
    const missing = known.filter((s) => !s.internal && !(perEndpoint.test(s.name) && s.name !== 'PERF_RATE_SCALE') && !listed.has(s.name)).map((s) => s.name);
    expect(missing, 'known but missing from .env.example').toEqual([]);
  });
});
