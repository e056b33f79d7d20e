/**
 * Masks secrets in text and data before anything is written to a report, a results file or a
 * log line. Every writer in src/report goes through `redact` / `redactDeep`.
 */

export const REDACTED = '[REDACTED]';

/**
 * The one rule for what names a secret: a key, header, form field, query parameter or `name: value`
 * text whose name is, or ends like, one of these (`X-Auth-Token`, `dbPassword`, `client_secret`,
 * `X-Amz-Signature`, `X-Session-Id`). Data keys, header values and free text all use it.
 */
const SECRET_NAME =
  /(?:password|passwd|pwd|passphrase|secret|token|api[-_]?key|private[-_]?key|authorization|auth|cookie|credentials?|bearer|jwt|signature|sig|session(?:[-_]?id)?|code[-_]?verifier)$/i;

/** Whether a name (a data key, a header, a form field, a query parameter) holds a secret: {@link SECRET_NAME}. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name.trim());
}

/** A key looks secret when its name does ({@link isSecretName}). */
export function isSecretKey(key: string): boolean {
  return isSecretName(key);
}

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*)?/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi;
/** `"password":"..."` in JSON text (names as in {@link SECRET_NAME}, without the bare `auth`/`sig`/`session` that data uses). */
const JSON_FIELD =
  /("(?:[A-Za-z_-]*(?:password|passwd|passphrase|secret|token|authorization|cookie|api_?key|signature|credentials?))"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
/** `scheme://user:password@host`, and `scheme://user@host` (a token is often sent as the user name alone). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
/** `Authorization: ...` / `Cookie: ...` header lines: the whole rest of the line. */
const HEADER_LINE = /\b((?:authorization|proxy-authorization|cookie|set-cookie|x-api-key)\s*:\s*)[^\r\n]+/gi;
/** `name=value` (form bodies, query strings) and `name: value` (headers, prose): a name, then its separator; a path segment (`POST /connect/token: ...`) is no name. */
const NAMED_VALUE = /(?<![A-Za-z0-9_.\/-])([A-Za-z0-9_.-]+)(\s*=\s*|\s*:[ \t]*)/g;
/** A value after `=` ends at the next field; one after `:` is the rest of the line, unless it is already redacted. */
const FORM_VALUE = /^[^&\s"',;)]+/;
const LINE_VALUE = /^[^\r\n]+/;

function redactNamedValues(text: string): string {
  let out = '';
  let from = 0;
  NAMED_VALUE.lastIndex = 0;
  for (let m = NAMED_VALUE.exec(text); m !== null; m = NAMED_VALUE.exec(text)) {
    const [whole, name, sep] = m as unknown as [string, string, string];
    if (!isSecretName(name)) continue;
    const start = m.index + whole.length;
    const rest = text.slice(start);
    if (rest.startsWith(REDACTED)) continue;
    const value = (sep.includes('=') ? FORM_VALUE : LINE_VALUE).exec(rest)?.[0];
    if (!value) continue;
    out += `${text.slice(from, start)}${REDACTED}`;
    from = start + value.length;
    NAMED_VALUE.lastIndex = from;
  }
  return out + text.slice(from);
}

/**
 * Masks JWTs, `Bearer`/`Basic` credentials, URL user info, and the value of every secret-named
 * field ({@link isSecretName}) written as `name=value`, `name: value` or `"name": "value"`.
 */
export function redact(text: string): string {
  if (text.length === 0) return text;
  return redactNamedValues(
    text
      .replace(HEADER_LINE, `$1${REDACTED}`)
      .replace(URL_USERINFO, `$1${REDACTED}@`)
      .replace(JSON_FIELD, `$1"${REDACTED}"`)
      .replace(BEARER, `$1 ${REDACTED}`),
  ).replace(JWT, REDACTED);
}

/**
 * Copies a JSON-like value with every string (keys included) redacted and every string under a secret-named key
 * (directly or in an array) replaced by `[REDACTED]`. An object under a secret-looking key is data, not a secret
 * (a step named `connect-token` keeps its stats): it is walked like any other. Numbers, booleans and null pass
 * through; cycles are cut (a shared, acyclic object is copied, not cut).
 */
export function redactDeep<T>(value: T): T {
  return walk(value, new WeakSet(), false) as T;
}

function walk(value: unknown, seen: WeakSet<object>, secret: boolean): unknown {
  if (typeof value === 'string') return secret ? REDACTED : redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  // `seen` holds the ancestors only: an object shared by two branches is copied twice, not cut.
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((v) => walk(v, seen, secret));
  else {
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      // Keys are user text too (a step named after its request): `steps["n Bearer x"]` is redacted.
      copy[redact(key)] = walk(v, seen, isSecretKey(key));
    }
    out = copy;
  }
  seen.delete(value);
  return out;
}
