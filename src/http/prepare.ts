import type { Dispatcher } from 'undici';
import { ConfigError } from '../core/errors.ts';
import { buildMultipart } from './multipart.ts';
import { CONTENT_FIELD_PATH, contentFieldOf } from './content.ts';
import { openAiStreamReader, STREAM_FORMATS } from './openai-stream.ts';
import type { CheckInput, EventCheck, RequestSpec, ResponseCheck, SseEvent } from './types.ts';

/** RFC 9110 token: a header name. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Control characters a header value cannot hold (HTAB is allowed): a CR or LF would split the request. */
export const BAD_HEADER_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/** Longest per-request timeout, ms (1 h): far below Node's 2^31-1 ms timer limit. */
export const MAX_TIMEOUT_MS = 3_600_000;

/** A request spec resolved once: origin, path, header list and body bytes built ahead of the hot path. */
export interface PreparedRequest {
  readonly name: string;
  readonly origin: string;
  readonly opts: Dispatcher.DispatchOptions;
  readonly sse: boolean;
  readonly timeoutMs: number;
  readonly expectStatus: readonly number[] | undefined;
  readonly check: ResponseCheck | undefined;
  readonly checkEvent: EventCheck | undefined;
  readonly isFinalEvent: ((event: SseEvent) => boolean) | undefined;
  readonly contentOf: (event: SseEvent) => string | undefined;
  /** The output tokens the server counted, when an event says (`streamFormat: 'openai'`: `usage.completion_tokens`). */
  readonly usageTokensOf: ((event: SseEvent) => number | undefined) | undefined;
  /** No content rule was named (`contentOf`, `contentField`, `streamFormat`): the content is each whole data line. */
  readonly wholeDataLine: boolean;
  readonly isAudio: ((event: SseEvent) => boolean) | undefined;
  readonly isEcho: ((event: SseEvent) => boolean) | undefined;
  readonly captureBody: boolean;
  readonly captureEvents: boolean;
  readonly measure: boolean;
  /** The prompt sent, for the input length (ISL). */
  readonly inputText: string | undefined;
  /** The body text is needed (check or capture). */
  readonly bufferBody: boolean;
  /** The spec sets its own `traceparent`: the run's trace context leaves it as it is. */
  readonly ownTrace: boolean;
}

export type { CheckInput };

/** The default content of an SSE event: its data, unless empty or the OpenAI-style `[DONE]` terminator. */
export function defaultContentOf(event: SseEvent): string | undefined {
  const d = event.data;
  return d === '' || d === '[DONE]' ? undefined : d;
}

/** Resolves a spec against `baseUrl`. Throws `ConfigError` naming the request when the URL or body is unusable. */
export function prepareRequest(spec: RequestSpec, baseUrl: string | undefined, defaultTimeoutMs: number): PreparedRequest {
  const name = spec.name ?? 'request';
  let url: URL;
  try {
    url = baseUrl === undefined ? new URL(spec.url) : new URL(spec.url, baseUrl);
  } catch (cause) {
    throw new ConfigError(
      `request "${name}": url "${spec.url}" is not absolute and no usable baseUrl was given (${String(baseUrl)})`,
      { cause },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`request "${name}": url protocol ${url.protocol} is not http or https`);
  }
  if (url.port === '0') throw new ConfigError(`request "${name}": url port 0 is not a port a client can connect to`);
  if (spec.body !== undefined && spec.multipart !== undefined) {
    throw new ConfigError(`request "${name}": body and multipart are exclusive`);
  }
  const method = (spec.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod;
  if (method === 'CONNECT') throw new ConfigError(`request "${name}": method CONNECT opens a tunnel, not a request the client can send and time`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers ?? {})) {
    if (!HEADER_NAME.test(k)) throw new ConfigError(`request "${name}": header name "${k.slice(0, 40)}" is not a valid HTTP header name`);
    if (BAD_HEADER_VALUE.test(v)) {
      throw new ConfigError(`request "${name}": header "${k}" has a CR, LF or other control character in its value (not shown)`);
    }
    headers[k.toLowerCase()] = v;
  }
  // Credentials in the URL are sent as HTTP Basic auth, as curl does; an explicit header wins.
  if ((url.username || url.password) && headers.authorization === undefined) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
  }
  let body: Buffer | undefined;
  if (spec.multipart !== undefined) {
    const mp = buildMultipart(spec.multipart);
    body = mp.body;
    headers['content-type'] = mp.contentType;
  } else if (spec.body !== undefined) {
    body = typeof spec.body === 'string' ? Buffer.from(spec.body, 'utf8') : Buffer.from(spec.body);
  }
  if (spec.contentField !== undefined && !CONTENT_FIELD_PATH.test(spec.contentField)) {
    throw new ConfigError(`request "${name}": contentField "${spec.contentField.slice(0, 60)}" is not a dotted JSON path such as Response or choices.0.delta.content`);
  }
  if (spec.streamFormat !== undefined && !(STREAM_FORMATS as readonly string[]).includes(spec.streamFormat)) {
    throw new ConfigError(`request "${name}": streamFormat "${String(spec.streamFormat).slice(0, 40)}" is not one of ${STREAM_FORMATS.join(', ')}`);
  }
  if (spec.streamFormat !== undefined && (spec.contentField !== undefined || spec.contentOf !== undefined)) {
    throw new ConfigError(`request "${name}": streamFormat "${spec.streamFormat}" reads the content itself; give it without contentField or contentOf`);
  }
  if (spec.sse === true && headers.accept === undefined) headers.accept = 'text/event-stream';
  const headerList: string[] = [];
  for (const [k, v] of Object.entries(headers)) headerList.push(k, v);
  const timeoutMs = spec.timeoutMs ?? defaultTimeoutMs;
  if (!(timeoutMs > 0) || !(timeoutMs <= MAX_TIMEOUT_MS)) {
    throw new ConfigError(`request "${name}": timeoutMs must be a positive number of ms up to ${MAX_TIMEOUT_MS}, got ${timeoutMs}`);
  }
  const opts: Dispatcher.DispatchOptions = {
    origin: url.origin,
    path: url.pathname + url.search,
    method,
    headers: headerList,
    body: body ?? null,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    blocking: true,
  };
  return {
    name,
    origin: url.origin,
    opts,
    sse: spec.sse === true,
    timeoutMs,
    expectStatus: spec.expectStatus,
    check: spec.check,
    checkEvent: spec.checkEvent,
    isFinalEvent: spec.isFinalEvent,
    ...contentRule(spec),
    isAudio: spec.isAudio,
    isEcho: spec.isEcho,
    captureBody: spec.captureBody === true,
    captureEvents: spec.captureEvents === true,
    measure: spec.measure !== false,
    inputText: typeof spec.inputText === 'string' ? spec.inputText : undefined,
    bufferBody: spec.check !== undefined || spec.captureBody === true,
    ownTrace: headers.traceparent !== undefined,
  };
}

/** How a request reads the answer out of its events: the scenario's `contentOf`, a `contentField`, a `streamFormat`, or each whole data line. */
function contentRule(spec: RequestSpec): Pick<PreparedRequest, 'contentOf' | 'usageTokensOf' | 'wholeDataLine'> {
  if (spec.contentOf !== undefined) return { contentOf: spec.contentOf, usageTokensOf: undefined, wholeDataLine: false };
  if (spec.contentField !== undefined) return { contentOf: contentFieldOf(spec.contentField), usageTokensOf: undefined, wholeDataLine: false };
  if (spec.streamFormat === 'openai') {
    const reader = openAiStreamReader();
    return { contentOf: reader.contentOf, usageTokensOf: reader.usageTokensOf, wholeDataLine: false };
  }
  return { contentOf: defaultContentOf, usageTokensOf: undefined, wholeDataLine: true };
}
