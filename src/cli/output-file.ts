import { mkdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, ResultsError } from '../core/errors.ts';

const WHY: Record<string, string> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'file name too long',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a part of the path is a file, not a folder',
};

function why(err: unknown, fallback?: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  const known = code ? WHY[code] : undefined;
  if (known) return `${known} (${code})`;
  if (fallback) return `${fallback}${code ? ` (${code})` : ''}`;
  return code ?? (err as Error).message;
}

class NotAFolder extends Error {
  constructor(readonly path: string) {
    super(`${path} is not a folder`);
  }
}

/** The nearest existing ancestor of `dir` (or `dir` itself) and the folders missing below it, outermost first. */
function nearestExisting(dir: string): { at: string; st: Stats | undefined; missing: string[] } {
  const missing: string[] = [];
  let at = dir;
  let st = statOrUndefined(at);
  while (!st && dirname(at) !== at) {
    missing.unshift(at);
    at = dirname(at);
    st = statOrUndefined(at);
  }
  return { at, st, missing };
}

/**
 * `mkdir -p`, one level at a time from the nearest existing ancestor. (Node's recursive mkdir
 * never returns under /proc, where every mkdir fails with ENOENT.)
 */
function makeFolders(dir: string): void {
  const { at, st, missing } = nearestExisting(dir);
  if (st && !st.isDirectory()) throw new NotAFolder(at);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statOrUndefined(folder)?.isDirectory()) continue;
      throw Object.assign(err as Error, { path: folder });
    }
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Checks, before any traffic and without leaving anything behind, that `path` can be written as a
 * file: not a folder or a device, no file where a folder must be, and the place accepts what the
 * write will create (a probe file in the target folder, or the first missing folder, created and
 * removed at once: catches read-only file systems and permissions). Missing folders are created by
 * the write itself, so a run refused after this check leaves none. Returns the absolute path;
 * throws `ConfigError` naming `flag` and the reason in words.
 */
export function checkOutputFile(path: string, flag: string): string {
  const full = resolve(path);
  const fail = (reason: string, cause?: unknown): never => {
    throw new ConfigError(`${flag}: cannot write ${full}: ${reason}`, cause === undefined ? undefined : { cause });
  };
  const st = statOrUndefined(full);
  if (st?.isDirectory()) fail(`it is a folder (give a file path, e.g. ${join(full, 'run.json')})`);
  if (st && !st.isFile()) fail('it exists and is not a regular file');
  const dir = dirname(full);
  const { at, st: atSt, missing } = nearestExisting(dir);
  if (atSt && !atSt.isDirectory()) fail(`${at} is a file, not a folder`);
  const first = missing[0];
  if (first !== undefined) {
    try {
      mkdirSync(first);
    } catch (err) {
      fail(`cannot create the folder ${first}: ${why(err, 'the file system refused it')}`, err);
    }
    rmdirSync(first);
    return full;
  }
  const probe = join(dir, `.${basename(full)}.${process.pid}.probe`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
  } catch (err) {
    fail(`cannot create a file in ${dir}: ${why(err, 'the folder does not accept new files')}`, err);
  } finally {
    rmSync(probe, { force: true });
  }
  return full;
}

/**
 * Writes `text` to `path` atomically (a temporary file in the same folder, then a rename), parent
 * folders created. Synchronous, so no signal lands between the write and the clean-up: the
 * temporary file is removed on every path. Throws `ResultsError` naming `flag`.
 */
export function writeFileAtomicSync(path: string, text: string, flag: string): string {
  const full = resolve(path);
  const tmp = join(dirname(full), `.${basename(full)}.${process.pid}.tmp`);
  try {
    if (statOrUndefined(full)?.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    makeFolders(dirname(full));
    writeFileSync(tmp, text);
    renameSync(tmp, full);
  } catch (cause) {
    throw new ResultsError(`${flag}: cannot write ${full}: ${why(cause)}`, { cause });
  } finally {
    rmSync(tmp, { force: true });
  }
  return full;
}
