import type { SseEvent } from './types.ts';

/** The stream formats a request can name (`RequestSpec.streamFormat`, `perf run --stream-format`). */
export const STREAM_FORMATS = ['openai'] as const;
export type StreamFormat = (typeof STREAM_FORMATS)[number];

/** How a stream format reads its events: the answer text, and the output tokens the server counted. */
export interface StreamReader {
  contentOf(event: SseEvent): string | undefined;
  usageTokensOf(event: SseEvent): number | undefined;
}

interface OpenAiChunk {
  choices?: { delta?: { content?: unknown }; text?: unknown }[];
  usage?: { completion_tokens?: unknown } | null;
}

/**
 * An OpenAI-compatible stream (chat completions, and legacy completions' `choices[0].text`): the
 * answer is `choices[0].delta.content`; `usage.completion_tokens`, sent in a last chunk when the
 * request asks `stream_options: {include_usage: true}`, is the server's own count of output
 * tokens. Each event's JSON is parsed once for both: the reader keeps the last event it parsed,
 * and an exchange asks both of one event before the next event is read.
 */
export function openAiStreamReader(): StreamReader {
  let last: SseEvent | undefined;
  let parsed: OpenAiChunk | undefined;
  const parse = (event: SseEvent): OpenAiChunk | undefined => {
    if (event === last) return parsed;
    last = event;
    parsed = undefined;
    const d = event.data;
    if (d === '' || d === '[DONE]' || d.charCodeAt(0) !== 123) return undefined;
    try {
      const v: unknown = JSON.parse(d);
      if (v !== null && typeof v === 'object') parsed = v as OpenAiChunk;
    } catch {
      // not JSON: no content, no usage
    }
    return parsed;
  };
  return {
    contentOf(event) {
      const choice = parse(event)?.choices?.[0];
      if (choice === undefined || choice === null || typeof choice !== 'object') return undefined;
      const text = choice.delta?.content ?? choice.text;
      return typeof text === 'string' && text !== '' ? text : undefined;
    },
    usageTokensOf(event) {
      const n = parse(event)?.usage?.completion_tokens;
      return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
    },
  };
}
