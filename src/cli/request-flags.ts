import { ConfigError } from '../core/errors.ts';
import { BAD_HEADER_VALUE, HEADER_NAME } from '../http/prepare.ts';
import { redact } from '../report/redact.ts';

/** `--header 'Name: value'` lines as headers; a repeated name (any case) joins its values with `, `. Throws `ConfigError` naming `--header`. */
export function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    const name = i > 0 ? line.slice(0, i).trim() : '';
    if (!HEADER_NAME.test(name)) {
      const shown = redact(line).slice(0, 40);
      throw new ConfigError(`--header: expected "Name: value", got "${shown}${line.length > 40 ? '…' : ''}"`);
    }
    const value = line.slice(i + 1).trim();
    if (BAD_HEADER_VALUE.test(value)) {
      throw new ConfigError(`--header: the value of "${name}" contains a CR, LF or other control character, which a header cannot hold (value not shown)`);
    }
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    if (existing) headers[existing] = `${headers[existing]}, ${value}`;
    else headers[name] = value;
  }
  return headers;
}

/** Whether `headers` holds `name` (given in lower case), whatever its case there. */
export function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** A body that parses as a JSON object or array. */
export function looksLikeJson(body: string): boolean {
  const t = body.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}
