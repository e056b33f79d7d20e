import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPerfError } from '../../src/index.ts';
import { checkUsersSource, parseUsersFile, userList } from './users.ts';

const dir = mkdtempSync(join(tmpdir(), 'perf-users-'));

function configError(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    expect(isPerfError(err) && err.code).toBe('PERF_ERR_CONFIG');
    return err as Error;
  }
  throw new Error('did not throw');
}

describe('PERF_USERS_FILE', () => {
  it('a bad line is named by its number in the file, never by its content', () => {
    const text = '\n\nemail,password\na@teml.net,pw-1\nb-teml.net,Secret-Pw-2\n';
    const err = configError(() => parseUsersFile(text, '/x/users.csv'));
    expect(err.message).toBe('PERF_USERS_FILE: /x/users.csv line 5 is not "email,password"');
    expect(err.message).not.toMatch(/Secret|b-teml/);
  });

  it('a bad entry of a JSON file is named by its index, never by its content', () => {
    const err = configError(() => parseUsersFile('[{"email":"a@teml.net","password":"pw"},{"email":"nope","password":"Secret-Pw"}]', '/x/u.json'));
    expect(err.message).toMatch(/^PERF_USERS_FILE: \/x\/u\.json is invalid: entry 2 \(email\): /);
    expect(err.message).not.toContain('\n');
    expect(err.message).not.toMatch(/Secret-Pw/);
    const garbage = configError(() => parseUsersFile('[{"email":"a@teml.net","password":"Secret-Pw"', '/x/u.json'));
    expect(garbage.message).not.toMatch(/Secret-Pw/);
  });

  it('a missing file or a folder is a ConfigError naming PERF_USERS_FILE (a folder was a bare EISDIR)', () => {
    expect(configError(() => userList({ kind: 'file', path: join(dir, 'none.csv') })).message).toBe(`PERF_USERS_FILE: ${join(dir, 'none.csv')} does not exist`);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const err = configError(() => userList({ kind: 'file', path: folder }));
    expect(err.message).toMatch(/^PERF_USERS_FILE: .*folder is a folder, not a file/);
  });

  it('checkUsersSource reads and checks a users file; other sources need nothing', () => {
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'a@teml.net,pw\n');
    expect(() => checkUsersSource({ kind: 'file', path: good })).not.toThrow();
    expect(() => checkUsersSource({ kind: 'sim-seed', password: 'x' })).not.toThrow();
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a@teml.net\n');
    expect(configError(() => checkUsersSource({ kind: 'file', path: bad })).message).toMatch(/line 1 is not "email,password"/);
  });
});
