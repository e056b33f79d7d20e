import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { ResultsError } from '../core/errors.ts';

/**
 * Largest JSON file read back (summaries, stored runs, summary.json), bytes: 128 MiB. A one-hour
 * run's summary is about 1 MB (one timeline entry per second); anything near the cap is not ours.
 */
export const MAX_JSON_BYTES = 128 * 1024 * 1024;

/**
 * Reads and parses a JSON file, refusing what is not a regular file (`/dev/zero`, a FIFO) or is
 * larger than `maxBytes` without reading it whole. Throws `ResultsError` naming `label` and the file.
 */
export function readJsonFile(file: string, label: string, maxBytes = MAX_JSON_BYTES): unknown {
  const prefix = label ? `${label}: ` : '';
  let fd: number | undefined;
  let text: string;
  try {
    // Checked before opening: opening a FIFO would wait for a writer.
    if (!statSync(file).isFile()) throw new ResultsError(`${prefix}${file} is not a regular file`);
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ResultsError(`${prefix}${file} is not a regular file`);
    if (st.size > maxBytes) throw new ResultsError(`${prefix}${file} is ${st.size} bytes, larger than the ${maxBytes} bytes a run summary may have`);
    const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, null);
    if (n > maxBytes) throw new ResultsError(`${prefix}${file} grew past the ${maxBytes} bytes a run summary may have while being read`);
    text = buf.toString('utf8', 0, n);
  } catch (err) {
    if (err instanceof ResultsError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ResultsError(`${prefix}cannot read ${file}: ${code ?? (err as Error).message}`, { cause: err });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ResultsError(`${prefix}${file} is not valid JSON (${(err as Error).message})`, { cause: err });
  }
}
