import { escapeControlChars } from '../core/control-chars.ts';
import { ConfigError } from '../core/errors.ts';
import { BAD_HEADER_VALUE, HEADER_NAME } from '../http/prepare.ts';
import { redact } from '../report/redact.ts';

/** C1 controls: undici sends them (Latin-1), but they are invisible and a terminal may obey them. */
const C1 = /[\u0080-\u009f]/;
/** What undici sends in a header value (its `headerCharRegex`): tab, space and Latin-1 visible characters. */
const OUTSIDE_LATIN1 = /[^\t\u0020-\u00ff]/u;
/** Headers undici frames itself and refuses from a caller (`invalid transfer-encoding header`, `expect header not supported`). */
const CLIENT_FRAMED = new Set(['transfer-encoding', 'keep-alive', 'upgrade', 'expect']);

/**
 * `--header 'Name: value'` lines as headers; a repeated name (any case) joins its values with `, `.
 * Refuses what undici cannot send (it would count every request as a `reset_error` of a target
 * that never saw it): a name that is not an RFC 9110 token, a value with a control character or a
 * character outside Latin-1, the framing headers the client sets itself, a `Connection` value that
 * is not a list of tokens. Throws `ConfigError` naming `--header`, never showing a value.
 */
export function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    const name = i > 0 ? line.slice(0, i).trim() : '';
    if (!HEADER_NAME.test(name)) {
      const shown = escapeControlChars(redact(line).slice(0, 40));
      throw new ConfigError(`--header: expected "Name: value" with a name made of letters, digits and !#$%&'*+.^_\`|~-, got "${shown}${line.length > 40 ? '…' : ''}"`);
    }
    const value = line.slice(i + 1).trim();
    if (BAD_HEADER_VALUE.test(value) || C1.test(value)) {
      throw new ConfigError(`--header: the value of "${name}" contains a CR, LF or other control character, which a header cannot hold (value not shown)`);
    }
    const outside = OUTSIDE_LATIN1.exec(value);
    if (outside) {
      const at = [...value.slice(0, outside.index)].length + 1;
      throw new ConfigError(`--header: the value of "${name}" holds a character outside Latin-1 at character ${at}, which the HTTP client cannot send; percent-encode or base64 it (value not shown)`);
    }
    const lower = name.toLowerCase();
    if (CLIENT_FRAMED.has(lower)) throw new ConfigError(`--header: "${name}" is set by the HTTP client itself and cannot be given`);
    if (lower === 'connection' && !value.split(',').every((t) => HEADER_NAME.test(t.trim()))) {
      throw new ConfigError(`--header: "${name}" expects comma-separated tokens such as keep-alive or close`);
    }
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === lower);
    if (existing) headers[existing] = `${headers[existing]}, ${value}`;
    else headers[name] = value;
  }
  return headers;
}

/** A `Content-Length` header must be the body's byte length: undici refuses any other and the request would never leave. Throws `ConfigError` naming `--header`. */
export function checkContentLength(headers: Record<string, string>, body: string | undefined): void {
  const name = Object.keys(headers).find((k) => k.toLowerCase() === 'content-length');
  if (name === undefined) return;
  const bytes = body === undefined ? 0 : Buffer.byteLength(body);
  const value = headers[name]!;
  if (value !== String(bytes)) {
    throw new ConfigError(`--header: "${name}" must be the byte length of --body (${bytes}), got ${/^\d{1,20}$/.test(value) ? value : 'something else'}; leave it out and the client sets it`);
  }
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
