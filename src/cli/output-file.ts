import { mkdirSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
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

/**
 * `mkdir -p`, one level at a time from the nearest existing ancestor. (Node's recursive mkdir
 * never returns under /proc, where every mkdir fails with ENOENT.)
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  let st = statOrUndefined(at);
  while (!st && dirname(at) !== at) {
    missing.unshift(at);
    at = dirname(at);
    st = statOrUndefined(at);
  }
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
 * Checks, before any traffic, that `path` can be written as a file: not a folder or a device, no
 * file where a folder must be, parent folders created, and a probe file created and removed in
 * the target folder (catches read-only file systems and permissions). Returns the absolute path;
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
  try {
    makeFolders(dir);
  } catch (err) {
    if (err instanceof NotAFolder) fail(`${err.path} is a file, not a folder`);
    fail(`cannot create the folder ${(err as { path?: string }).path ?? dir}: ${why(err, 'the file system refused it')}`, err);
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
