/**
 * Masks secrets in text and data before anything is written to a report, a results file or a
 * log line. Every writer in src/report goes through `redact` / `redactDeep`.
 */

export const REDACTED = '[REDACTED]';

/** Key names whose values are secrets, whatever their shape. */
const SECRET_KEY =
  /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|apikey|password|passwd|pwd|secret|client[-_]?secret|token|access[-_]?token|refresh[-_]?token|id[-_]?token|bearer|jwt|session[-_]?token|private[-_]?key|credentials?)$/i;

/** A key looks secret when it matches the list above or ends like one (`authToken`, `dbPassword`). */
export function isSecretKey(key: string): boolean {
  if (SECRET_KEY.test(key)) return true;
  return /(?:password|passwd|secret|token|apikey|api_key|authorization|cookie)$/i.test(key);
}

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*)?/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi;
/** `password=...`, `client_secret=...`, `token=...` in form bodies and query strings. */
const FORM_FIELD =
  /\b((?:password|passwd|pwd|client_secret|secret|access_token|refresh_token|id_token|token|api_key|apikey|code_verifier)=)[^&\s"']+/gi;
/** `"password":"..."` in JSON text, and `Authorization: ...` / `Cookie: ...` header lines. */
const JSON_FIELD =
  /("(?:[A-Za-z_-]*(?:password|passwd|secret|token|authorization|cookie|api_?key))"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
/** `scheme://user:password@host`, and `scheme://user@host` (a token is often sent as the user name alone). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
const HEADER_LINE = /\b((?:authorization|proxy-authorization|cookie|set-cookie|x-api-key)\s*:\s*)[^\r\n]+/gi;

/** Masks JWTs, `Bearer`/`Basic` credentials, secret form fields, secret JSON fields, secret header lines and URL passwords. */
export function redact(text: string): string {
  if (text.length === 0) return text;
  return text
    .replace(HEADER_LINE, `$1${REDACTED}`)
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(JSON_FIELD, `$1"${REDACTED}"`)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(FORM_FIELD, `$1${REDACTED}`)
    .replace(JWT, REDACTED);
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
