import type { RequestSpec } from '../../src/index.ts';
import type { ApiTarget, SpecExtras } from './api-types.ts';
import { chunkCheck, chunkContent, envelopeCheck, hasAudio, isLastChunk, isSttEcho } from './checks.ts';

export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/**
 * The framing every GodGPT request shares: absolute URLs under the API host (gateway prefix kept),
 * the bearer and language headers, the envelope check of a JSON call and the chunk checks of an
 * SSE chat stream.
 */
export class SpecBuilder {
  readonly baseUrl: string;
  readonly authUrl: string;
  readonly language: string;

  constructor(target: ApiTarget) {
    this.baseUrl = target.baseUrl.replace(/\/+$/, '');
    this.authUrl = (target.authUrl ?? target.baseUrl).replace(/\/+$/, '');
    this.language = target.language ?? 'en';
  }

  protected url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  protected bearer(token: string, json = false): Record<string, string> {
    const h: Record<string, string> = { authorization: `Bearer ${token}`, godgptlanguage: this.language };
    return json ? { ...h, ...JSON_HEADERS } : { ...h, accept: 'application/json' };
  }

  protected json(name: string, method: string, path: string, token: string | undefined, schema: Parameters<typeof envelopeCheck>[0], body: unknown, extras?: SpecExtras): RequestSpec {
    const headers: Record<string, string> = token
      ? this.bearer(token, body !== undefined)
      : { ...JSON_HEADERS, godgptlanguage: this.language };
    return {
      name,
      method,
      url: this.url(path),
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      check: envelopeCheck(schema),
      ...extras,
    };
  }

  protected stream(name: string, path: string, headers: Record<string, string>, body: unknown, extras?: SpecExtras): RequestSpec {
    return {
      name,
      method: 'POST',
      url: this.url(path),
      headers: { ...headers, 'content-type': 'application/json', accept: 'text/event-stream', godgptlanguage: this.language },
      body: JSON.stringify(body),
      sse: true,
      checkEvent: chunkCheck,
      isFinalEvent: isLastChunk,
      contentOf: chunkContent,
      isAudio: hasAudio,
      isEcho: isSttEcho,
      ...extras,
    };
  }
}
