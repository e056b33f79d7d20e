/**
 * Every request ends as exactly one outcome. The hot path never throws: failures are values.
 */
export const OUTCOMES = [
  'ok',
  'http_error',
  'timeout',
  'network_error',
  'invalid_body',
  'api_error',
  'stream_aborted',
  'dropped',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * The finer error kind counted in `RunSummary.errors`. `http_524` (origin timeout behind a
 * Cloudflare-style gateway) and `http_429` are told apart from other statuses. `api_error` is a
 * well-formed response whose check reported an application error code (counted per code in
 * `RunSummary.apiCodes`); `invalid_body` is a response that breaks its expected shape.
 * `protocol_error` is a response that breaks HTTP/1.1 (undici's parser rejected it: bad status
 * line or header, bad chunk, a body at odds with its Content-Length); like a reset, its
 * outcome is `network_error`: no HTTP response could be judged.
 */
export const ERROR_KINDS = [
  'http_4xx',
  'http_429',
  'http_5xx',
  'http_524',
  'http_other',
  'timeout',
  'connect_error',
  'reset_error',
  'protocol_error',
  'invalid_body',
  'api_error',
  'stream_aborted',
  'dropped',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Maps an unexpected HTTP status to its error kind. */
export function statusErrorKind(status: number): ErrorKind {
  if (status === 429) return 'http_429';
  if (status === 524) return 'http_524';
  if (status >= 500) return 'http_5xx';
  if (status >= 400) return 'http_4xx';
  return 'http_other';
}

/** The coarse outcome an error kind belongs to. */
export function outcomeOf(kind: ErrorKind): Outcome {
  switch (kind) {
    case 'http_4xx':
    case 'http_429':
    case 'http_5xx':
    case 'http_524':
    case 'http_other':
      return 'http_error';
    case 'connect_error':
    case 'reset_error':
    case 'protocol_error':
      return 'network_error';
    default:
      return kind;
  }
}
