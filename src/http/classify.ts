import { ERROR_CODES } from '../core/errors.ts';
import type { ErrorKind } from '../core/outcome.ts';

const CONNECT_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', ERROR_CODES.timeout]);
/** undici's errors for a response that breaks HTTP/1.1 (besides its parser's `HTTPParserError`, `HPE_*`). */
const PROTOCOL_CODES = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_RES_EXCEEDED_MAX_SIZE']);

function codeOf(err: unknown): string {
  if (err !== null && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const cause = (err as { cause?: unknown }).cause;
    if (cause !== undefined && cause !== err) return codeOf(cause);
  }
  return '';
}

/** Whether undici failed the response because the target broke HTTP/1.1 (its parser's `HPE_*` errors, which may carry no code, or a length/size violation). */
function isProtocolError(err: unknown, code: string): boolean {
  if (code.startsWith('HPE_') || PROTOCOL_CODES.has(code)) return true;
  for (let e = err, depth = 0; e !== null && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { name?: unknown }).name === 'HTTPParserError') return true;
  }
  return false;
}

/**
 * The error kind of a transport error; `midStream` when an SSE stream had begun (2xx
 * event-stream headers received): then any cut, malformed HTTP included, is `stream_aborted`.
 */
export function classifyError(err: unknown, midStream: boolean): ErrorKind {
  if (midStream) return 'stream_aborted';
  const code = codeOf(err);
  if (isProtocolError(err, code)) return 'protocol_error';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (CONNECT_CODES.has(code)) return 'connect_error';
  return 'reset_error';
}

/** A short description of a transport error (code and message; never header values). */
export function describeError(err: unknown): string {
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
