import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../src/index.ts';
import type { UsersSource } from '../config.ts';

/** A login. The password never leaves memory (not logged, not reported). */
export interface UserCredential {
  email: string;
  password: string;
}

const userSchema = z.object({ email: z.string().min(3).includes('@'), password: z.string().min(1) });
const usersJsonSchema = z.array(z.union([userSchema, z.tuple([z.string().min(3), z.string().min(1)]).transform(([email, password]) => ({ email, password }))]));

/** Parses a users file: JSON (`[{email,password}]` or `[[email,password]]`) or CSV (`email,password`, header optional). */
export function parseUsersFile(text: string, path: string): UserCredential[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (cause) {
      throw new ConfigError(`PERF_USERS_FILE: ${path} is not valid JSON`, { cause });
    }
    const parsed = usersJsonSchema.safeParse(json);
    if (!parsed.success) throw new ConfigError(`PERF_USERS_FILE: ${path} is invalid\n${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }
  const users: UserCredential[] = [];
  const lines = trimmed.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const comma = line.indexOf(',');
    const email = (comma < 0 ? line : line.slice(0, comma)).trim().replace(/^"|"$/g, '');
    const password = comma < 0 ? '' : line.slice(comma + 1).trim().replace(/^"|"$/g, '');
    if (i === 0 && /^e-?mail$/i.test(email)) return;
    if (!email.includes('@') || !password) throw new ConfigError(`PERF_USERS_FILE: ${path} line ${i + 1} is not "email,password"`);
    users.push({ email, password });
  });
  if (users.length === 0) throw new ConfigError(`PERF_USERS_FILE: ${path} holds no users`);
  return users;
}

/** The email of user `n` of a QA range: `<prefix><n>@teml.net`, or `<n>` inserted before `@` when the prefix has a domain. */
export function rangeEmail(prefix: string, n: number): string {
  const at = prefix.indexOf('@');
  return at < 0 ? `${prefix}${n}@teml.net` : `${prefix.slice(0, at)}${n}${prefix.slice(at)}`;
}

/**
 * A finite, ordered list of logins. The pool takes the first users ("old users"); the
 * connect-token test takes later ones, each once ("new users").
 */
export interface UserList {
  readonly size: number;
  at(i: number): UserCredential;
  /** Where the users come from, for messages (no secrets). */
  readonly describe: string;
}

/** Builds the user list of a file or range source. The simulator source is seeded by `seedSimUsers`. */
export function userList(source: Exclude<UsersSource, { kind: 'sim-seed' }>): UserList {
  if (source.kind === 'file') {
    if (!existsSync(source.path)) throw new ConfigError(`PERF_USERS_FILE: ${source.path} does not exist`);
    const users = parseUsersFile(readFileSync(source.path, 'utf8'), source.path);
    return { size: users.length, at: (i) => users[i]!, describe: `${users.length} users from PERF_USERS_FILE` };
  }
  const { emailPrefix, from, to, password } = source;
  return {
    size: to - from + 1,
    at: (i) => ({ email: rangeEmail(emailPrefix, from + i), password }),
    describe: `PERF_USER_RANGE ${from}-${to}`,
  };
}

/** A user list over an array (simulator-seeded users, tests). */
export function arrayUserList(users: readonly UserCredential[], describe: string): UserList {
  return { size: users.length, at: (i) => users[i]!, describe };
}
