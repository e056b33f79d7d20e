import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../../src/core/errors.ts';
import { envBoolean, envNumber, loadEnvFile, readEnv, validateDotenvText } from '../../src/core/env.ts';

const dir = mkdtempSync(join(tmpdir(), 'perf-env-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loadEnvFile', () => {
  it('loads KEY=value pairs without overriding variables already set, and never reports values', () => {
    const path = file('ok.env', '# comment\nexport A=1\nB="two words"\nC=\'x\'\nMULTI="line1\nline2"\n\nD=keep\n');
    const env: NodeJS.ProcessEnv = { D: 'from-shell' };
    expect(loadEnvFile({ path, env })).toEqual({ path, keys: ['A', 'B', 'C', 'MULTI', 'D'] });
    expect(env).toEqual({ A: '1', B: 'two words', C: 'x', MULTI: 'line1\nline2', D: 'from-shell' });
    loadEnvFile({ path, env, override: true });
    expect(env.D).toBe('keep');
  });

  it('ignores a missing default .env but not a missing file named by PERF_ENV_FILE', () => {
    const cwd = process.cwd();
    const empty = join(dir, 'empty-cwd');
    mkdirSync(empty, { recursive: true });
    process.chdir(empty);
    try {
      expect(loadEnvFile({ env: {} })).toBeUndefined();
      expect(() => loadEnvFile({ env: { PERF_ENV_FILE: 'nope.env' } })).toThrow(/^PERF_ENV_FILE \(.*nope\.env\): cannot read .*nope\.env: ENOENT$/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('rejects a malformed line naming file and line, without echoing a value', () => {
    const path = file('bad.env', 'A=1\n\nPASSWORD hunter2\n');
    expect(() => loadEnvFile({ path, env: {} })).toThrow(ConfigError);
    expect(() => loadEnvFile({ path, env: {} })).toThrow(`${path}:3: malformed line, expected KEY=value (the line is not shown: it may hold a secret)`);
    expect(() => loadEnvFile({ path, env: {} })).not.toThrow(/hunter2/);
    expect(() => validateDotenvText('1BAD=x', '.env')).toThrow(/^\.env:1: malformed line/);
  });

  it('rejects an unterminated quote naming the variable', () => {
    expect(() => validateDotenvText('A=1\nTOKEN="abc\nB=2\n', '.env')).toThrow('.env:2: TOKEN has an unterminated " quote');
    expect(() => validateDotenvText('A="esc \\" still open', '.env')).toThrow(/unterminated/);
    expect(() => validateDotenvText('A="ok \\" closed"', '.env')).not.toThrow();
  });

  it('reports an unreadable path (a directory) as a ConfigError', () => {
    expect(() => loadEnvFile({ path: dir, env: {} })).toThrow(/cannot read .*: EISDIR/);
  });
});

describe('readEnv', () => {
  const schema = z.object({
    PERF_TIMEOUT_S: envNumber({ positive: true }).optional(),
    PERF_WORKERS: envNumber({ int: true, min: 1, max: 8 }).default(2),
    PERF_VERBOSE: envBoolean().default(false),
  });

  it('parses and applies defaults, treating blank as unset', () => {
    expect(readEnv(schema, { PERF_TIMEOUT_S: '2.5', PERF_VERBOSE: 'yes', PERF_WORKERS: ' ' })).toEqual({
      PERF_TIMEOUT_S: 2.5,
      PERF_WORKERS: 2,
      PERF_VERBOSE: true,
    });
  });

  it('names the variable and the bad value', () => {
    expect(() => readEnv(schema, { PERF_TIMEOUT_S: 'abc' })).toThrow('PERF_TIMEOUT_S: expected a positive number (got "abc")');
    expect(() => readEnv(schema, { PERF_WORKERS: '9' })).toThrow('PERF_WORKERS: expected an integer in [1, 8] (got "9")');
    expect(() => readEnv(schema, { PERF_VERBOSE: 'maybe' })).toThrow(/^PERF_VERBOSE: expected a boolean/);
  });
});
