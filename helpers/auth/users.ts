import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../src/index.ts';

/** Where the suite's users come from: a file, a numbered range with one password, or the simulator's seed. */
export type UsersSource =
  | { kind: 'file'; path: string }
  | { kind: 'range'; emailPrefix: string; from: number; to: number; password: string }
  | { kind: 'sim-seed'; password: string };

/** A login. The password never leaves memory (not logged, not reported). */
export interface UserCredential {
  email: string;
  password: string;
}

const userSchema = z.object({ email: z.string().min(3).includes('@'), password: z.string().min(1) });
// `[email, password]` is read as `{email, password}` first, so an issue names the entry and its field.
const usersJsonSchema = z.array(z.preprocess((v) => (Array.isArray(v) ? { email: v[0], password: v[1] } : v), userSchema));

/** One line naming each bad entry (1-based) and field, never a value (a password may be one). */
function entryIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((i) => {
    const [entry, ...field] = i.path;
    const where = typeof entry === 'number' ? `entry ${entry + 1}${field.length ? ` (${field.join('.')})` : ''}` : 'the file';
    return `${where}: ${i.message}`;
  });
  return `${shown.join('; ')}${error.issues.length > 3 ? `; +${error.issues.length - 3} more` : ''}`;
}

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
    if (!parsed.success) throw new ConfigError(`PERF_USERS_FILE: ${path} is invalid: ${entryIssues(parsed.error)}`, { cause: parsed.error });
    return parsed.data;
  }
  const users: UserCredential[] = [];
  // Numbered in the file as written (leading blank lines count), never quoted: a line holds a password.
  const lines = text.split(/\r?\n/);
  let first = true;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const comma = line.indexOf(',');
    const email = (comma < 0 ? line : line.slice(0, comma)).trim().replace(/^"|"$/g, '');
    const password = comma < 0 ? '' : line.slice(comma + 1).trim().replace(/^"|"$/g, '');
    const header = first && /^e-?mail$/i.test(email);
    first = false;
    if (header) return;
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
    const users = parseUsersFile(readUsersFile(source.path), source.path);
    return { size: users.length, at: (i) => users[i]!, describe: `${users.length} users from PERF_USERS_FILE` };
  }
  const { emailPrefix, from, to, password } = source;
  return {
    size: to - from + 1,
    at: (i) => ({ email: rangeEmail(emailPrefix, from + i), password }),
    describe: `PERF_USER_RANGE ${from}-${to}`,
  };
}

/** The text of a users file; a missing file, a folder or an unreadable file is a `ConfigError` naming PERF_USERS_FILE. */
function readUsersFile(path: string): string {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ConfigError(`PERF_USERS_FILE: ${path} does not exist`, { cause });
    throw new ConfigError(`PERF_USERS_FILE: cannot read ${path} (${code ?? (cause as Error).message})`, { cause });
  }
  if (!isFile) throw new ConfigError(`PERF_USERS_FILE: ${path} is a folder, not a file; expected a CSV (email,password lines) or JSON file of users`);
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`PERF_USERS_FILE: cannot read ${path} (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`, { cause });
  }
}

/**
 * Reads and checks a users file before any login (global set-up, `perf capacity`, `perf model-check`):
 * throws the `ConfigError` a login would otherwise meet later. Ranges and simulator users need no check here.
 */
export function checkUsersSource(source: UsersSource): void {
  if (source.kind === 'file') userList(source);
}

/** A user list over an array (simulator-seeded users, tests). */
export function arrayUserList(users: readonly UserCredential[], describe: string): UserList {
  return { size: users.length, at: (i) => users[i]!, describe };
}
